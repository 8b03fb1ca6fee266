"""Scrape leftovers: tell an article's body lines from the page furniture around them.

Two layers:

* :func:`is_leftover` classifies one line on its own, by pattern, in English, Russian, German,
  French, Italian and Polish ("Photo: …", "Читайте также", "Lesen Sie auch", cookie banners,
  copyright lines, menus like "Home | World | Politics", tag lists, bare dates, bylines…).
  Readers also run it over the paragraphs an HTML extractor returns.
* :func:`clean_text` cleans a whole plain-text scrape. It scores every line for how much it
  reads like prose (length, final punctuation, share of function words, list shape, repetition
  across the page), finds the densest contiguous run of prose (the body block, found as a
  maximum-sum segment, in the spirit of jusText and boilerpipe) and drops what lies outside it,
  plus pattern leftovers inside it and related-article headlines trailing it. A short, clean
  scrape is one body block, so its body survives whole; a full-page dump (menus, footers,
  comments, related lists) comes out as the article body.

Every dropped line is recorded as :class:`~slant.doc.article.Removed` with a reason and its
1-based line number in the input.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from slant.doc.article import Removed
from slant.errors import SlantError
from slant.ingest.normalize import normalize_line, split_lines

log = logging.getLogger(__name__)

SUPPORTED_LANGUAGES = ("en", "ru", "de", "fr", "it", "pl")

# Reasons, as they appear in ``Removed.reason``.
CAPTION = "caption"
CALL_TO_ACTION = "call to action"
RELATED_HEADLINE = "related headline"
SECTION_FOOTER = "section footer"
NAVIGATION = "navigation"
COOKIE_NOTICE = "cookie notice"
SHARE_WIDGET = "share widget"
COMMENT = "comment"
BOILERPLATE = "boilerplate"
METADATA = "metadata"
TAGS = "tags"
COPYRIGHT = "copyright"
ADVERTISEMENT = "advertisement"
SUBSCRIPTION = "subscription"
REPEATED = "repeated line"


@dataclass(slots=True)
class CleanedText:
    """The body of a scrape: its title (when one was found), paragraphs, and what was dropped."""

    title: str | None
    paragraphs: list[str]
    removed: list[Removed] = field(default_factory=list)
    # 1-based input line numbers: of the title, and of the first line of each paragraph.
    title_line: int | None = None
    paragraph_lines: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Title and paragraphs joined by blank lines, as readers store them."""
        parts = ([self.title] if self.title else []) + self.paragraphs
        return "\n\n".join(parts)


# --------------------------------------------------------------------------------------
# Per-line patterns. Each is anchored on the whole (normalised) line, so that a body sentence
# that merely mentions a photo or a cookie is never taken for furniture.
# --------------------------------------------------------------------------------------

_I = re.IGNORECASE | re.UNICODE


def _words(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


_CAPTION_WORDS = _words(
    r"photo(?:s|graph|graphs)?", r"pictures?", r"images?", r"illustration", r"video", r"source",
    r"credits?", r"(?:photo|image) credit", r"graphic", r"screenshot", r"footage",
    r"фото(?:графия)?", r"видео", r"источник", r"иллюстрация", r"кадр(?: из видео)?", r"скриншот",
    r"фотография", r"коллаж",
    r"foto(?:s|grafie)?", r"bild(?:er)?", r"quelle", r"grafik", r"bildquelle", r"abbildung",
    r"crédits?(?: photo)?", r"légende", r"vidéo", r"capture d'écran",
    r"immagine", r"fonte", r"fotografia",
    r"fot\.?", r"zdjęcie", r"źródło", r"ilustracja", r"wideo", r"grafika",
)
_CAPTION = re.compile(rf"^[(\[]?{_CAPTION_WORDS}\s*(?:[:：|/©]|by\b|von\b|de\b|di\b)\s*\S.{{0,160}}$", _I)
# "… (Foto: dpa)", "… Photo: Reuters": a caption that ends in its credit.
_CAPTION_CREDIT_TAIL = re.compile(
    rf"^.{{0,180}}[(\[]\s*{_CAPTION_WORDS}\s*[:/©]\s*[^()\[\]]{{1,60}}[)\]]\.?$|"
    rf"^[(\[]\s*(?:{_CAPTION_WORDS}|quelle|source|fonte|źródło|источник)\s*:[^()]{{1,120}}[)\]]\.?$",
    re.IGNORECASE,
)
_CAPTION_BARE = re.compile(
    r"^(?:fot\.|phot\.|foto|photo)\s+[\w .,/&-]{2,60}$|^[(\[]?(?:©|\(c\))?\s*(?:getty images|reuters|ap photo|afp|epa|shutterstock|dpa|ria novosti|"
    r"риа новости|тасс|ria|pap|ansa|istock(?:photo)?)(?:\s*/\s*[\w .-]+)?[)\]]?\.?$",
    _I,
)

_CALL_TO_ACTION = re.compile(
    r"^(?:"
    r"keep reading|lee (?:también|más)\b.*|leia (?:também|mais)\b.*|lees ook\b.*|"
    r"watch(?: the)? video(?: on (?:the|this) topic)?(?: \d{1,2}:\d{2})?|watch(?: now| more| live)?|watch:.*|"
    r"(?:video|audio|podcast) (?:ansehen|anhören|abspielen)(?: \d{1,2}:\d{2})?|play video|"
    r"click here.*|read (?:also|more|next|the full (?:story|article))\b.*|see also\b.*|also read\b.*|"
    r"more on (?:this|the) (?:topic|story)\b.*|continue reading.*|listen to (?:this|the) (?:article|story).*|"
    r"download (?:the|our) app.*|follow us on.*|join us on.*|"
    r"смотрите(?: также)?(?: видео)?(?: по теме)?.*|смотреть видео.*|читайте (?:также|еще|ещё|далее|подробнее)\b.*|"
    r"читать (?:также|далее|полностью).*|подробнее:?.*|по теме:?.*|"
    r"подписывайтесь\b.*|присоединяйтесь\b.*|следите за .*|"
    r"lesen sie (?:auch|mehr|hier)\b.*|mehr (?:zum thema|dazu|lesen)\b.*|weiterlesen.*|auch interessant:?.*|"
    r"video ansehen.*|jetzt (?:lesen|ansehen|abonnieren|weiterlesen)\b.*|folgen sie uns.*|"
    r"mehr themen:?.*|zum weiterlesen:?.*|auch lesen:.*|"
    r"(?:à )?lire (?:aussi|également|la suite|plus)\b.*|voir aussi\b.*|regarder la vidéo.*|suivez-nous.*|"
    r"leggi (?:anche|tutto|di più)\b.*|guarda (?:il|anche) video.*|seguici su.*|vedi anche\b.*|"
    r"czytaj (?:też|także|więcej|dalej)\b.*|zobacz (?:też|także|wideo|więcej)\b.*|przeczytaj (?:też|także)\b.*|"
    r"obserwuj nas.*|"
    r"explore further|learn more|find out more|more info(?:rmation)?:?|further information:?|"
    r"(?:back|return) to (?:the )?(?:overview|list|top|home(?:page)?|all \w+).*|to all (?:posts|articles|news)|"
    r"zurück zu(?:r|m)? .{1,40}|zu allen (?:beiträgen|artikeln|news|nachrichten).*|weitere informationen:?|"
    r"mehr (?:\w+ )?(?:kolumnen|artikel|beiträge|news|nachrichten|videos) (?:auf|von|zu|bei) .{1,40}|mehr erfahren|"
    r"originalbeitrag|zum (?:artikel|beitrag|video)|"
    r"retour (?:à|au|aux) .{1,40}|en savoir plus|plus d'infos?|"
    r"torna (?:a|al|alla) .{1,40}|scopri di più|per saperne di più|"
    r"wróć do .{1,40}|powrót do .{1,40}|dowiedz się więcej|więcej informacji:?|"
    r"вернуться (?:к|на) .{1,40}|узнать больше|подробности:?"
    r")$",
    _I,
)

_SUBSCRIPTION = re.compile(
    r"^(?:subscribe\b.{0,100}|sign up (?:for|to) (?:our|the) .{0,80}|get (?:our|the) (?:newsletter|daily).{0,80}|"
    r"newsletter(?: sign-?up)?:?|"
    r"подпи(?:шитесь|саться)\b.{0,100}|рассылка.{0,60}|"
    r"abonnieren\b.{0,80}|newsletter abonnieren.{0,60}|jetzt anmelden.{0,60}|"
    r"(?:s'abonner|abonnez-vous|inscrivez-vous)\b.{0,100}|"
    r"(?:abbonati|iscriviti)\b.{0,100}|"
    r"(?:subskrybuj|zapisz się|zasubskrybuj)\b.{0,100}"
    r")$",
    _I,
)

_SHARE_WIDGET = re.compile(
    r"^(?:share(?: (?:the|this) (?:news|article|story|post|page))?(?: on \w+)?(?: this)?:?|share this:?|"
    r"tweet|pin it|e-?mail|print|copy link|(?:the |das |der )?link (?:was |wurde )?(?:copied|kopiert)!?|"
    r"lien copié|link copiato|link skopiowany|ссылка скопирована|"
    r"поделиться(?: новостью| ссылкой| в соцсетях)?:?|поделитесь(?: новостью)?:?|"
    r"teilen:?|artikel teilen:?|diesen artikel teilen:?|drucken|"
    r"partager(?: (?:l'article|cet article|sur \w+))?:?|imprimer|"
    r"condividi(?: (?:l'articolo|su \w+))?:?|stampa|"
    r"udostępnij(?: (?:artykuł|na \w+))?:?|drukuj|"
    r"(?:auf|on|sur|su|na|в) (?:facebook|twitter|x|whatsapp|linkedin|telegram|xing|pinterest|vk|reddit) "
    r"(?:teilen|share|partager|condividi|udostępnij|поделиться)|"
    r"(?:teilen|share|partager|condividi|udostępnij|поделиться) (?:auf|on|sur|su|na|в) (?:facebook|twitter|x|whatsapp|linkedin|telegram)"
    r")$",
    _I,
)
_SOCIAL_NAMES = re.compile(
    r"\b(?:facebook|twitter|x\.com|whatsapp|telegram|vk|vkontakte|вконтакте|одноклассники|linkedin|"
    r"pinterest|reddit|e-?mail|email|viber|xing|tumblr|instagram|youtube|threads|mastodon|flipboard|"
    r"messenger|skype|print|copy|share|teilen|partager|condividi|udostępnij|поделиться)\b",
    _I,
)

_COMMENT_HEADING = re.compile(
    r"^(?:leave a (?:reply|comment)|post a comment|add (?:a )?comment|write a comment|"
    r"\d+ (?:comments?|responses?|replies)|comments?(?: \(\d+\))?:?|responses?|reply|discussion|"
    r"one (?:comment|response|reply)|(?:no|show) comments|cancel reply|"
    r"your email address will not be published.*|required fields are marked.*|"
    r"комментари(?:и|й|ев)(?: \(\d+\))?:?|\d+ комментари(?:й|я|ев)|оставить комментарий|"
    r"оставьте комментарий|добавить комментарий|ответить|обсуждение|"
    r"kommentare?(?: \(\d+\))?:?|\d+ kommentare?|kommentar (?:schreiben|verfassen|hinterlassen)|"
    r"keine kommentare|beiträge aus dem forum|sie sind (?:aktuell |derzeit )?nicht eingeloggt\.?|"
    r"antworten|diskussion|"
    r"commentaires?(?: \(\d+\))?:?|\d+ commentaires?|laisser un commentaire|répondre|réagir|"
    r"comment(?:i|o)(?: \(\d+\))?:?|\d+ commenti|lascia un commento|rispondi|"
    r"komentarz(?:e|y)?(?: \(\d+\))?:?|\d+ komentarz(?:e|y)?|dodaj komentarz|skomentuj|odpowiedz|"
    r"(?:your|deine|ihre|votre|la tua|twój) e-?mail(?:-adresse| address| adresse)? .{0,80}|"
    r"pingback(?: von| from)?:?.{0,80}|trackback.{0,80}|"
    r"(?:some )?comments (?:are|may be) .{0,120}|we ask that comments .{0,120}|"
    r"log ?in to (?:comment|reply).{0,40}|you must be logged in.{0,80}|"
    r"bitte geben sie (?:ihren|hier ihren|hier ihre|ihre) .{0,80}|sie haben eine falsche e-mail-adresse eingegeben!?|"
    r"(?:speichern sie|save my) (?:meinen namen|name).{0,160}|please enter (?:your|a) .{0,60}|"
    r"(?:name|e-?mail|website|webseite|kommentar|comment)\s*(?:\*|:|\(required\))\s*\*?|post comment|kommentar abschicken|"
    r"laisser une réponse|annuler la réponse|lascia una risposta|zostaw odpowiedź|оставить ответ"
    r")$",
    _I,
)
_COMMENT_AUTHOR = re.compile(
    r"^[\w .'-]{2,40} (?:says|said|wrote|schreibt|sagt|пишет|écrit|dit|scrive|pisze):?$", _I
)

_SECTION_HEADING = re.compile(
    r"^(?:related(?: (?:articles?|posts?|stories|news|content|topics|links))?|recent (?:posts|articles|news|comments)|"
    r"latest(?: (?:news|posts|articles|stories))?|more (?:news|stories|articles|from [\w .-]{1,40})|"
    r"(?:most )?(?:popular|read|viewed|shared)(?: (?:now|news|posts|articles|stories))?|most read|trending(?: now)?|"
    r"recommended(?: for you)?|you (?:may|might) (?:also )?(?:like|be interested in)|"
    r"(?:in|on) other news|top stories|editor'?s picks|further reading|archives?|categories|"
    r"(?:последние|другие|похожие|главные|свежие|популярные) (?:новости|публикации|статьи|материалы|записи)|"
    r"новости по теме|материалы по теме|читайте также|самое (?:читаемое|популярное|интересное)|"
    r"лента новостей|главное|популярное|рекомендуем|архив|рубрики|"
    r"(?:ähnliche|verwandte|weitere) (?:artikel|beiträge|themen|nachrichten)|neueste (?:artikel|beiträge)|"
    r"meistgelesen(?:e)?(?: artikel)?|das könnte sie auch interessieren|empfehlungen|mehr aus [\w .-]{1,40}|"
    r"(?:articles?|sujets) (?:similaires|connexes|récents|liés)|sur le même (?:sujet|thème)|les plus lus|"
    r"dernières (?:actualités|nouvelles|infos)|à la une|"
    r"articoli (?:correlati|recenti|simili)|potrebbe interessarti|i più letti|ultime notizie|"
    r"(?:podobne|powiązane|najnowsze|polecane) (?:artykuły|wpisy|wiadomości)|najczęściej czytane|najnowsze|polecane|"
    r"(?:also )?recommended for you|(?:top|more) (?:stories|news|headlines) .{0,30}|read next|up next|"
    r"empfohlen für dich|empfehlungen der redaktion|top[- ]themen(?: der redaktion)?|das könnte dich (?:auch )?interessieren|"
    r"weitere (?:news|meldungen|themen|beiträge) .{0,30}|vorheriger beitrag|nächster beitrag|zur person|über den autor|"
    r"about the author|(?:previous|next) (?:article|post|story)|"
    r"(?:también|te) (?:te )?puede(?: interesar)?|también te puede interesar|noticias relacionadas|más noticias|"
    r"vous aimerez aussi|à lire également|dans la même rubrique|"
    r"ti potrebbe interessare|leggi anche|"
    r"może cię (?:też )?zainteresować|zobacz również|"
    r"вам может быть интересно|рекомендуем прочитать|об авторе|"
    r"[\w'’ .-]{1,30} recommends|we recommend|wir empfehlen|nous recommandons|consigliati|polecamy|мы рекомендуем|"
    r"more (?:news|headlines)|mehr nachrichten|weitere nachrichten|plus d'actualités|altre notizie|więcej wiadomości|"
    r"другие новости|еще новости|ещё новости|lesermeinungen|leserkommentare|reader comments|"
    r"(?:neueste|letzte) kommentare|latest comments|derniers commentaires|ultimi commenti|ostatnie komentarze|"
    r"последние комментарии|"
    r"more(?: [\w'’-]+){0,3} (?:stories|news|articles|videos|coverage|reads|posts)|featured (?:video|stories|articles)|"
    r"(?:top|latest) videos?|"
    r"relacionad[oa]s|noticias relacionadas|te puede interesar|lo más (?:leído|visto)|últimas noticias|"
    r"(?:notícias|matérias) relacionadas|mais lidas|veja também|leia também|"
    r"gerelateerde? (?:artikelen|berichten)|meest gelezen|lees ook|"
    r"связанные (?:новости|материалы)"
    r")\s*:?$",
    _I,
)

_COOKIE_WORD = re.compile(r"\b(?:cookies?|cookie-\w+|куки|файл\w* cookie|ciasteczk\w+)\b", _I)
_COOKIE_CONTEXT = re.compile(
    r"\b(?:use|uses|using|accept|agree|consent|continu\w+|website|site|browsing|experience|settings|policy|"
    r"privacy|allow|verwend\w+|akzept\w+|zustimm\w+|einverstanden|datenschutz\w*|"
    r"utilis\w+|accept\w+|navigation|consentement|confidentialité|"
    r"utilizz\w+|accett\w+|consenso|navigazione|"
    r"używa\w*|akcept\w+|zgod\w+|prywatności|"
    r"использ\w+|соглас\w+|сайт\w*|конфиденциальност\w+)\b",
    _I,
)
_CONSENT_BUTTON = re.compile(
    r"^(?:accept(?: all)?(?: cookies)?|i agree|agree|got it|ok(?:ay)?|allow all|reject all|manage (?:cookies|preferences|options)|"
    r"cookie settings|alle akzeptieren|akzeptieren|zustimmen|einverstanden|ablehnen|"
    r"принять|согласен|понятно|tout accepter|accepter|refuser|j'accepte|accetta(?: tutto)?|rifiuta|"
    r"akceptuję|zgadzam się|akceptuj)$",
    _I,
)

_COPYRIGHT = re.compile(
    r"(?:all rights reserved|все права защищены|alle rechte vorbehalten|tous droits réservés|"
    r"tutti i diritti riservati|wszelkie prawa zastrzeżone|^\s*(?:©|\(c\)|copyright\b)|"
    r"©\s*(?:19|20)\d\d|\bcopyright\s*(?:©\s*)?(?:19|20)\d\d)",
    _I,
)

_BOILERPLATE = re.compile(
    r"^(?:privacy(?: policy| notice)?|terms(?: of (?:use|service))?(?: and conditions)?|terms & conditions|"
    r"contact(?: us)?|about(?: us)?|imprint|impressum|datenschutz(?:erklärung)?|kontakt|agb|"
    r"mentions légales|politique de confidentialité|nous contacter|contactez-nous|qui sommes-nous|"
    r"chi siamo|contatti|note legali|informativa (?:sulla )?privacy|"
    r"polityka prywatności|regulamin|kontakt|o nas|"
    r"политика конфиденциальности|контакты|о (?:нас|проекте)|редакция|"
    r"sitemap|site map|rss(?: feed)?(?: - .{1,40})?|faq|help|careers|jobs|advertise(?: with us)?|"
    r"skip to (?:main )?content|skip to navigation|back to top|to top|nach oben|наверх|retour en haut|torna su|do góry|"
    r"loading\.*|загрузка\.*|"
    r"javascript (?:is|must be) (?:disabled|enabled).*|please enable javascript.*|"
    r"this site is protected by recaptcha.*"
    r")\.?$",
    _I,
)
_ADVERTISEMENT = re.compile(
    r"^(?:advertisement|advertising|sponsored(?: content)?|ad|ads|реклама|anzeige|werbung|publicité|"
    r"pubblicità|reklama|partner content|promoted|scroll to continue(?: with content)?)$",
    _I,
)

_NAVIGATION_SINGLE = re.compile(
    r"^(?:home(?:page)?|menu|main menu|search|search for:?|log ?in|sign ?in|sign ?up|log ?out|register|"
    r"next|previous|prev|older posts|newer posts|next (?:post|article|page)|previous (?:post|article|page)|"
    r"page \d+(?: of \d+)?|more|show more|load more|toggle navigation|close|open|en|de|fr|ru|it|pl|"
    r"главная|меню|поиск|войти|вход|регистрация|далее|назад|еще|ещё|"
    r"startseite|suche|anmelden|weiter|zurück|mehr|"
    r"accueil|recherche|connexion|suivant|précédent|"
    r"ricerca|cerca|accedi|successivo|precedente|"
    r"strona główna|szukaj|zaloguj(?: się)?|dalej|wstecz|następny|poprzedni)"
    r"\s*[:»›>←→]?$",
    _I,
)
# Slashes and dashes separate menu items only with spaces around them ("News / Sport");
# inside words and URLs they do not.
_NAV_SEPARATORS = re.compile(r"\s*(?:\||·|•|»|›|>|::|\u2022|\u25b8|\u25ba)\s*|\s+(?:/|–|—|-)\s+")
_ARROW_LINK = re.compile(r"^(?:[«‹←<]\s*.{1,120}|.{1,120}\s*[»›→>])$")

_TAGS = re.compile(
    r"^(?:tags?|tagged(?: with)?|topics?|keywords|categor(?:y|ies)|article categories|filed under|posted in|"
    r"теги|метки|тэги|рубрик[аи]|ключевые слова|темы?|"
    r"schlagw(?:ö|o)rte?|stichw(?:ö|o)rte?|themen|kategorien?|"
    r"mots-clés|mots clés|étiquettes|catégories?|thèmes?|"
    r"parole chiave|argomenti|categori[ae]|etichette|"
    r"tagi|kategori(?:a|e)|słowa kluczowe|tematy?)\s*:.*$",
    _I,
)

_MONTHS = (
    r"jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|jun(?:e|\.)?|jul(?:y|\.)?|aug(?:ust|\.)?|"
    r"sep(?:t(?:ember)?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?|"
    r"январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|августа?|сентябр[яь]|октябр[яь]|ноябр[яь]|декабр[яь]|"
    r"januar|jänner|februar|märz|mai|juni|juli|oktober|dezember|"
    r"janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|"
    r"gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|dicembre|"
    r"stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia|"
    r"styczeń|luty|marzec|kwiecień|czerwiec|lipiec|sierpień|wrzesień|październik|listopad|grudzień"
)
_WEEKDAYS = (
    r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|"
    r"понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|"
    r"poniedziałek|wtorek|środa|czwartek|piątek|sobota|niedziela"
)
_TIME = r"\d{1,2}[:.]\d{2}(?:\s*(?:am|pm|uhr|h|мск|cet|cest|utc|gmt|et|est|edt))?"
_DATE_CORE = (
    rf"(?:\d{{4}}-\d{{2}}-\d{{2}}(?:[t ]\d{{2}}:\d{{2}}(?::\d{{2}})?)?|"
    rf"\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}|"
    rf"\d{{1,2}}\.?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}(?:\s*(?:г\.|года|r\.|roku))?|"
    rf"(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
    rf"\d{{1,2}}\.?\s+(?:{_MONTHS})|(?:{_MONTHS})\s+\d{{4}}|"
    r"today|yesterday|heute|gestern|сегодня|вчера|aujourd'hui|hier|oggi|ieri|dzisiaj|wczoraj)"
)
_DATE_LINE = re.compile(
    rf"^(?:(?:published|online(?: seit)?|last modified|stand:|zuletzt (?:geändert|aktualisiert)(?: am)?|updated on|erstellt(?: am)?|posted|updated|last updated|modified|date|опубликовано|обновлено|дата|"
    rf"veröffentlicht(?: am)?|aktualisiert(?: am)?|stand|publié(?: le)?|mis à jour(?: le)?|"
    rf"pubblicato(?: il)?|aggiornato(?: il)?|opublikowano|aktualizacja|zaktualizowano)\s*:?\s*)?"
    rf"(?:(?:{_WEEKDAYS}),?\s+)?"
    rf"(?:{_DATE_CORE}|{_TIME})(?:\s*(?:,|at|um|à|alle|o|в|—|-|\|)?\s*(?:{_TIME}|{_DATE_CORE}))?"
    rf"(?:\s*(?:\||·|•|-|—)\s*.{{0,40}})?$",
    _I,
)
_BYLINE = re.compile(
    r"^(?:by|von|par|di|autor(?:ka)?|author|автор|текст|written by|geschrieben von|écrit par|scritto da|"
    r"redaktion|redakcja|rédaction|редакция)\s*:?\s+[\w'’.-]+(?:\s+[\w'’.-]+){0,4}"
    r"(?:\s*(?:,|\||·|-|—|and|und|et|e|i|и)\s*[\w'’. -]{1,60})?$",
    _I,
)
_READING_META = re.compile(
    r"^(?:\d+\s*(?:min(?:ute)?s?|мин(?:ут[аы]?)?\.?|minuten|minuti|minut)\.?(?:\s+(?:read|reading|lesezeit|чтения|"
    r"de lecture|di lettura|czytania))?|"
    r"(?:reading time|lesezeit|temps de lecture|tempo di lettura|время чтения|czas czytania)\s*:?.{0,20}|"
    r"\d[\d ,.]*\s*(?:views?|просмотр\w*|aufrufe|vues|visualizzazioni|wyświetle\w*|comments?|likes?)|"
    r"(?:views?|просмотр\w*|aufrufe|vues)\s*:?\s*\d[\d ,.]*)$",
    _I,
)

# "Headline | mehr", "Headline | audio": a teaser link to another article.
_TEASER_SUFFIX = re.compile(
    r"^.{8,200}\s[|»›]\s*(?:more|mehr|audio|video|plus|więcej|далее|подробнее|leggi|lire)$", re.IGNORECASE
)
_RELATED_SUFFIX = re.compile(
    r"\S.{8,200}?[:|–—-]\s*(?:video|photos?|gallery|фото(?:графии)?|видео|фоторепортаж|bilder|fotos|"
    r"bildergalerie|vidéo|photos|galleria|foto|wideo|zdjęcia)(?:\s+(?:of|from|des|с|з|del|z)\b.{0,60})?$",
    _I,
)

_TERMINAL = re.compile(r"[.!?…;。！？][\"'»”’)\]」』）]*$|[\"»”」』]$")
# Chinese, Japanese and Korean script: no spaces between words, and a character carries about
# as much text as a short word, so lengths and word counts are measured differently there.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


def is_leftover(line: str, language: str | None = None) -> str | None:
    """Return why ``line`` is page furniture rather than article text, or None if it may be text.

    ``line`` is one line (or one extracted paragraph); it is normalised here. ``language`` is
    an ISO 639-1 code; the patterns of all six supported languages are tried whatever it is,
    because scrapes mix languages (English widgets on a Russian page), but an unsupported code
    is an error so that typos do not silently change behaviour.
    """
    if language is not None and language not in SUPPORTED_LANGUAGES and not re.fullmatch(r"[a-z]{2,3}", language):
        raise SlantError(
            f"language {language!r} is not an ISO 639-1 code; pass e.g. 'en', 'ru', 'de', or None to guess"
        )
    text = normalize_line(line)
    if not text:
        return None
    return _classify_line(text)


def _classify_line(text: str) -> str | None:
    length = len(text)
    # Long lines are prose unless they are a cookie banner or a copyright footer: the other
    # patterns are for short widget lines and would only misfire on a paragraph.
    if length > 400:
        return COOKIE_NOTICE if _is_cookie_notice(text) else None
    if not _LETTER.search(text):
        # Separators, counters, "***", "1 2 3 >" — nothing a reader reads as text.
        return BOILERPLATE if not re.fullmatch(r"[\d\s.,:;%$€£₽-]{1,40}", text) or length < 6 else None
    if _is_cookie_notice(text):
        return COOKIE_NOTICE
    if length <= 300 and _COPYRIGHT.search(text) and (length < 160 or not _TERMINAL.search(text[:-1] or "")):
        return COPYRIGHT
    if length > 220:
        return None
    if _CAPTION.match(text) or (length < 80 and _CAPTION_BARE.match(text)) or _CAPTION_CREDIT_TAIL.match(text):
        return CAPTION
    if _COMMENT_HEADING.match(text) or (length < 60 and _COMMENT_AUTHOR.match(text)):
        return COMMENT
    if _SECTION_HEADING.match(text) and not text.endswith("."):
        return SECTION_FOOTER
    if _CALL_TO_ACTION.match(text):
        return CALL_TO_ACTION
    if _SUBSCRIPTION.match(text):
        return SUBSCRIPTION
    if _SHARE_WIDGET.match(text) or _is_social_list(text):
        return SHARE_WIDGET
    if _TAGS.match(text):
        return TAGS
    if _ADVERTISEMENT.match(text):
        return ADVERTISEMENT
    if _BOILERPLATE.match(text):
        return BOILERPLATE
    if _CONSENT_BUTTON.match(text):
        return COOKIE_NOTICE
    if length < 120 and (_DATE_LINE.match(text) or _READING_META.match(text)):
        return METADATA
    if length < 90 and _BYLINE.match(text) and not _TERMINAL.search(text):
        return METADATA
    if _NAVIGATION_SINGLE.match(text) or _is_menu(text):
        return NAVIGATION
    if (_RELATED_SUFFIX.fullmatch(text) and not _TERMINAL.search(text)) or _TEASER_SUFFIX.match(text):
        return RELATED_HEADLINE
    return None


def _is_cookie_notice(text: str) -> bool:
    return bool(_COOKIE_WORD.search(text) and (len(text) < 60 or _COOKIE_CONTEXT.search(text)))


def _is_social_list(text: str) -> bool:
    """"Facebook Twitter WhatsApp E-Mail" and the like: only network names and separators."""
    if len(text) > 120:
        return False
    rest = _SOCIAL_NAMES.sub(" ", text)
    names = len(_SOCIAL_NAMES.findall(text))
    return (names >= 2 or (names == 1 and len(text) < 20)) and not _LETTER.search(rest)


def _is_menu(text: str) -> bool:
    """"Home | World | Politics", "News › Europe › France": three or more short items."""
    if len(text) > 200 or _TERMINAL.search(text) or "://" in text:
        return False
    items = [item for item in _NAV_SEPARATORS.split(text) if item.strip()]
    if len(items) < 3 and not (len(items) == 2 and re.search(r"[|›»>]", text)):
        return False
    return all(len(item.split()) <= 4 for item in items)


# --------------------------------------------------------------------------------------
# Function words, for telling prose from lists of names and headlines.
# --------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _own_stopwords() -> dict[str, frozenset[str]]:
    lists: dict[str, set[str]] = {}
    current: set[str] | None = None
    data = resources.files("slant").joinpath("data/leftovers_stopwords.txt").read_text(encoding="utf-8")
    for raw in data.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = lists.setdefault(line[1:-1], set())
            continue
        if current is None:
            raise SlantError("slant/data/leftovers_stopwords.txt has words before its first [language] header")
        current.update(line.split())
    return {code: frozenset(words) for code, words in lists.items()}


@lru_cache(maxsize=1)
def _extra_stopwords() -> dict[str, frozenset[str]]:
    """jusText's stop lists (installed with trafilatura), for pages outside our six languages."""
    try:
        import justext  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - trafilatura brings it along
        log.debug("justext not installed; only the six built-in stop lists are used")
        return {}
    out: dict[str, frozenset[str]] = {}
    for name in justext.get_stoplists():
        words = frozenset(word.lower() for word in justext.get_stoplist(name))
        # Very long lists (thousands of inflected forms) would win every guess; their most
        # frequent words are not knowable here, so they are left out of the guessing.
        if len(words) <= 1500:
            out[name] = words
    return out


_JUSTEXT_NAMES = {"en": "English", "ru": "Russian", "de": "German", "fr": "French", "it": "Italian", "pl": "Polish"}


@lru_cache(maxsize=8)
def _full_stopwords(code: str) -> frozenset[str]:
    """Our list for ``code`` joined with jusText's (which has the inflected forms ours lacks)."""
    words = set(_own_stopwords().get(code, frozenset()))
    try:
        import justext  # type: ignore[import-untyped]

        words.update(w.lower() for w in justext.get_stoplist(_JUSTEXT_NAMES[code]))
    except (ImportError, KeyError, ValueError):
        log.debug("no jusText stop list for %s; using the built-in one", code)
    return frozenset(words)


def _guess_stopwords(token_counts: Counter[str], language: str | None) -> tuple[str | None, frozenset[str]]:
    own = _own_stopwords()
    if language in own:
        return language, _full_stopwords(language)
    total = sum(token_counts.values())
    if not total:
        return None, frozenset()

    def coverage(words: frozenset[str]) -> float:
        return sum(count for token, count in token_counts.items() if token in words) / total

    best_code, best_cover = max(((code, coverage(words)) for code, words in own.items()), key=lambda kv: kv[1])
    if best_cover >= 0.12:
        return best_code, _full_stopwords(best_code)
    extra = _extra_stopwords()
    if extra:
        name, cover = max(((name, coverage(words)) for name, words in extra.items()), key=lambda kv: kv[1])
        if cover > best_cover and cover >= 0.08:
            return name, extra[name]
    if best_cover >= 0.06:
        return best_code, _full_stopwords(best_code)
    return None, frozenset()


# --------------------------------------------------------------------------------------
# Whole-text cleaning.
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    number: int  # 1-based input line
    text: str
    words: int
    stop_share: float
    terminal: bool
    pattern: str | None
    repeated: bool = False
    weight: float = 0.0
    kind: str = "short"  # good | near | short | bad


# Barrier reasons: a comment section or a "related" heading ends the article when only
# non-prose follows it, and its lines after are comments or headlines, not body.
_END_MARKERS = {COMMENT, SECTION_FOOTER}


def clean_text(raw: str, *, language: str | None = None) -> CleanedText:
    """Split a plain-text scrape into title, body paragraphs and removed leftovers.

    ``raw`` is decoded text, one visible block per line (blank lines between paragraphs are
    fine). ``language`` (ISO 639-1) sharpens the prose test; None guesses it from the text.
    """
    if not isinstance(raw, str):
        raise SlantError(f"clean_text needs decoded text (str), got {type(raw).__name__}; decode bytes first")
    if language is not None:
        is_leftover("", language)  # validates the code, with the same message
    raw_lines = split_lines(raw)
    texts = [normalize_line(line) for line in raw_lines]

    tokens: Counter[str] = Counter()
    per_line_tokens: list[list[str]] = []
    for text in texts:
        words = [w.lower() for w in _WORD.findall(text)]
        per_line_tokens.append(words)
        tokens.update(words)
    code, stopwords = _guess_stopwords(tokens, language)
    log.debug("clean_text: %d lines, stop list %s", len(raw_lines), code)

    occurrences = Counter(text.casefold() for text in texts if text)
    lines: list[_Line] = []
    for index, text in enumerate(texts):
        if not text:
            continue
        words = per_line_tokens[index]
        stop_share = (sum(1 for w in words if w in stopwords) / len(words)) if (words and stopwords) else 0.0
        line = _Line(
            number=index + 1,
            text=text,
            words=_word_count(text),
            stop_share=stop_share,
            terminal=bool(_TERMINAL.search(text)),
            pattern=_classify_line(text),
            repeated=occurrences[text.casefold()] > 1 and len(text) < 200,
        )
        lines.append(line)
    bar = _thresholds(lines, bool(stopwords))
    for line in lines:
        _score(line, bar)
    _escalate_gaps(lines)

    removed: list[Removed] = []
    if not lines:
        return CleanedText(None, [], removed)

    clean_block = _clean_scrape_block(lines)
    blocks = [clean_block] if clean_block else _body_blocks(lines)
    start, end = blocks[0][0], blocks[-1][1]
    start = _extend_backward(lines, start)
    end = _extend_forward(lines, end)
    end = _trim_trailing_headlines(lines, start, end)
    in_body = [False] * len(lines)
    for block_start, block_end in blocks:
        for position in range(max(start, block_start), min(end, block_end) + 1):
            in_body[position] = True
    if blocks[0][0] <= blocks[-1][1]:  # an empty block (nothing but leftovers) takes nothing in
        for position in range(start, blocks[0][0] + 1):
            in_body[position] = True
        for position in range(blocks[-1][1], end + 1):
            in_body[position] = True

    kept: list[_Line] = []
    seen_end_marker = False
    for position, line in enumerate(lines):
        inside = in_body[position]
        # A repeated short line inside the body is page furniture; above it, it is the title
        # (which pages repeat in breadcrumbs and share texts).
        head = position < blocks[0][0]
        if inside and line.pattern is None and not (line.repeated and line.kind != "good" and not head):
            kept.append(line)
            continue
        reason = line.pattern
        if reason in _END_MARKERS and position > end:
            seen_end_marker = reason == COMMENT
        if reason is None:
            reason = _outside_reason(line, before=position < start, after_comments=seen_end_marker)
        removed.append(Removed(line.text, reason, line.number))

    wrapped = _looks_hard_wrapped(kept, texts)
    title, title_line, body = _split_title(kept, lines, start, texts, wrapped)
    paragraphs, paragraph_lines = _paragraphs(body, wrapped)
    return CleanedText(title, paragraphs, removed, title_line, paragraph_lines)


# Widgets that sit inside articles (captions, "Read also", share buttons, bylines): they are
# dropped by pattern, but must not split the body block around them.
_IN_ARTICLE = {CAPTION, CALL_TO_ACTION, SUBSCRIPTION, SHARE_WIDGET, METADATA, ADVERTISEMENT, TAGS, RELATED_HEADLINE}


@dataclass(slots=True)
class _Thresholds:
    prose: float  # stop-word share of running text
    weak: float  # stop-word share of text that may still be prose


def _thresholds(lines: list[_Line], have_stopwords: bool) -> _Thresholds | None:
    """Stop-word shares differ by language and stop list (Russian prose has far fewer function
    words than English), so the bar is set from the page's own long lines where there are any."""
    if not have_stopwords:
        return None
    shares = sorted(line.stop_share for line in lines if line.words >= 12 and line.pattern is None)
    if len(shares) >= 3:
        reference = shares[(len(shares) * 2) // 3]
        if reference < 0.05:
            # The stop list does not fit the text (a wrong language hint): judge by shape.
            return None
        return _Thresholds(min(0.25, 0.7 * reference), min(0.12, 0.35 * reference))
    return _Thresholds(0.22, 0.1)


def _word_count(text: str) -> int:
    cjk = len(_CJK.findall(text))
    if cjk:
        return len(text.split()) + cjk // 2
    return len(text.split())


def _effective_length(text: str) -> int:
    return len(text) + 2 * len(_CJK.findall(text))


def _score(line: _Line, bar: _Thresholds | None) -> None:
    """Classify one line as good/near/short/bad prose and give it a block weight."""
    length = _effective_length(line.text)
    if line.pattern is not None:
        line.kind = "bad"
        if line.pattern in _END_MARKERS and not _COMMENT_BUTTON.match(line.text):
            line.weight = -250.0
        elif line.pattern in _IN_ARTICLE or line.pattern == COMMENT:
            line.weight = -15.0
        else:
            line.weight = -40.0 - 0.5 * length
        return
    sentence_like = line.terminal or (line.words >= 25)
    if bar is not None:
        prose = line.stop_share >= bar.prose
        weak_prose = line.stop_share >= bar.weak
    else:
        # No stop list (unknown language): fall back to punctuation and length alone.
        prose = sentence_like and line.words >= 8
        weak_prose = sentence_like
    if length >= 70 and prose and (sentence_like or length >= 150):
        line.kind = "good"
        line.weight = float(length)
    elif length >= 40 and (prose or (weak_prose and sentence_like)):
        line.kind = "near"
        line.weight = 0.3 * length
    elif length < 40 or line.words < 5:
        line.kind = "short"
        line.weight = -8.0 - 0.3 * length
    else:
        line.kind = "bad"
        line.weight = -0.6 * length
    if line.repeated:
        line.weight = min(line.weight, -30.0) if line.kind != "good" else line.weight


def _clean_scrape_block(lines: list[_Line]) -> tuple[int, int] | None:
    """For a short scrape that is already just the article (no menus, no link lists), the body
    runs from the first line no pattern rejects to the last sentence before any comment
    section; density scoring would only risk dropping a short paragraph."""
    if len(lines) > 120:
        return None
    unmatched = [line for line in lines if line.pattern is None]
    non_prose = [line for line in unmatched if line.kind in ("short", "bad")]
    if len(non_prose) > max(3, len(unmatched) // 4):
        return None
    run = 0
    for line in lines:
        run = run + 1 if line.pattern is None and line.kind in ("short", "bad") else 0
        if run >= 3:
            return None
    prose = [i for i, line in enumerate(lines) if line.pattern is None and (line.kind == "good" or (line.terminal and line.words >= 4))]
    if not prose:
        return None
    comment_start = next((i for i, line in enumerate(lines) if line.pattern == COMMENT and i > prose[0]), None)
    if comment_start is not None:
        prose = [i for i in prose if i < comment_start]
    start = next(i for i, line in enumerate(lines) if line.pattern is None)
    return start, prose[-1]


def _best_segment(lines: list[_Line], low: int, high: int) -> tuple[int, int, float]:
    """The contiguous run in ``lines[low:high]`` with the highest total weight (Kadane)."""
    best_sum = float("-inf")
    best = (low, low - 1)
    running = 0.0
    run_start = low
    for position in range(low, high):
        if running <= 0:
            running = 0.0
            run_start = position
        running += lines[position].weight
        if running > best_sum:
            best_sum = running
            best = (run_start, position)
    return best[0], best[1], best_sum


# How much a prose block after a comment heading counts, when choosing the main block: a long
# comment thread must not win over the article it comments on.
_AFTER_COMMENTS_SHARE = 0.35


def _main_segment(lines: list[_Line]) -> tuple[int, int, float]:
    """The heaviest block, never running across a comment-section or "Related" heading.

    Blocks after a comment heading count for less when choosing, so that a long thread does
    not win over the article it follows.
    """
    barriers = [p for p, line in enumerate(lines) if _is_barrier(line)]
    first_comment = next((p for p in barriers if lines[p].pattern == COMMENT), len(lines))
    first_related = next((p for p in barriers if lines[p].pattern == SECTION_FOOTER), len(lines))
    bounds = [-1, *barriers, len(lines)]
    scored: list[tuple[float, tuple[int, int, float]]] = []
    for low, high in zip(bounds, bounds[1:], strict=False):
        if high - low <= 1:
            continue
        seg_start, seg_end, weight = _best_segment(lines, low + 1, high)
        score = weight * _AFTER_COMMENTS_SHARE if low >= first_comment else weight
        if low >= first_related:
            score *= _AFTER_RELATED_SHARE
        scored.append((score, (seg_start, seg_end, weight)))
    if not scored:
        return 0, -1, float("-inf")
    # The article comes before what follows it (threads, teasers): of the blocks nearly as
    # heavy as the heaviest, take the first.
    top = max(score for score, _ in scored)
    if top <= 0:  # no prose anywhere; the caller falls back to what no pattern rejects
        return max(scored)[1]
    return next(segment for score, segment in scored if score >= _EARLIEST_SHARE * top)


_EARLIEST_SHARE = 0.5
_AFTER_RELATED_SHARE = 0.8


# One-word buttons of a share/comment toolbar ("Comment", "Reply"): removed, but they do not
# announce a comment section, so they neither bound nor split the body.
_COMMENT_BUTTON = re.compile(
    r"^(?:comment|discussion|kommentar|kommentieren|diskussion|commenter|réagir|commenta|commento|"
    r"skomentuj|komentarz|комментировать|комментарий|обсуждение)$",
    re.IGNORECASE,
)


def _is_barrier(line: _Line) -> bool:
    return line.pattern in _END_MARKERS and not _COMMENT_BUTTON.match(line.text)


def _escalate_gaps(lines: list[_Line]) -> None:
    """Make each further non-prose line in a row cost more: one subheading or caption inside
    the body is cheap, a run of menu items, tags or job ads separates blocks."""
    run = 0
    for line in lines:
        if line.weight < 0 and not _is_barrier(line):
            run += 1
            line.weight *= min(run, 6)
        elif line.weight >= 0:
            run = 0


# A second body block (an article split by an advert block or a job list) must weigh at
# least this share of the main block, so that a sidebar teaser does not join the body.
_SECONDARY_SHARE = 0.3
_CROSS_HEADING_SHARE = 0.5
_LEAD_SHARE = 0.03
_LEAD_GAP_LINES = 9
_LEAD_MIN_WEIGHT = 150.0  # about one sentence of prose


def _body_blocks(lines: list[_Line]) -> list[tuple[int, int]]:
    """The main body block, plus blocks split off it by widgets, in reading order."""
    start, end, weight = _main_segment(lines)
    if weight <= 0:
        # Nothing reads like prose (a one-line scrape, a list): keep what no pattern rejects.
        candidates = [i for i, line in enumerate(lines) if line.pattern is None]
        if not candidates:
            return [(0, -1)]
        return [(candidates[0], candidates[-1])]
    blocks = [(start, end)]
    # Before the main block: any earlier block that is heavy enough (the lead, the opening).
    low = 0
    while True:
        first = blocks[0][0]
        seg_start, seg_end, seg_weight = _best_segment(lines, low, first)
        if seg_end < seg_start:
            break
        # A lead paragraph a few widget lines above the body (date, share buttons, caption)
        # belongs to it even when short; a block further up must be heavy.
        close = first - seg_end - 1 <= _LEAD_GAP_LINES
        needed = min(_LEAD_SHARE * weight, _LEAD_MIN_WEIGHT) if close else _SECONDARY_SHARE * weight
        if seg_weight < needed:
            break
        if any(_is_barrier(lines[p]) for p in range(seg_end + 1, first)):
            break
        blocks.insert(0, (seg_start, seg_end))
    # After it: never past a comment section; past a "Related"/"Most read" heading only for a
    # block heavy enough to be the article going on after a box of links.
    while True:
        last = blocks[-1][1]
        high = next(
            (p for p in range(last + 1, len(lines)) if lines[p].pattern == COMMENT and _is_barrier(lines[p])), len(lines)
        )
        seg_start, seg_end, seg_weight = _best_segment(lines, last + 1, high)
        if seg_end < seg_start:
            break
        crosses_heading = any(lines[p].pattern == SECTION_FOOTER for p in range(last + 1, seg_start))
        needed = _CROSS_HEADING_SHARE if crosses_heading else _SECONDARY_SHARE
        if seg_weight < needed * weight:
            break
        blocks.append((seg_start, seg_end))
    return blocks


def _extend_backward(lines: list[_Line], start: int) -> int:
    """Take in the title and lead lines just above the block: up to three clean lines.

    Widget lines between them (a menu, a date, a caption) are stepped over, since scrapes
    often put the title and subtitle above the site menu; they stay removed by their pattern.
    """
    taken = 0
    skipped = 0
    position = start - 1
    while position >= 0 and taken < 3:
        line = lines[position]
        if line.pattern is not None:
            if line.pattern in _END_MARKERS or line.pattern in (COOKIE_NOTICE, COPYRIGHT) or skipped >= 2:
                break
            skipped += 1
            position -= 1
            continue
        if (line.repeated and (taken or line.words < 3)) or line.words < 2:
            break
        if line.kind in ("good", "near") or (line.words >= 3 and not _looks_like_list_item(line)):
            start = position
            taken += 1
            position -= 1
            continue
        break
    return start


def _extend_forward(lines: list[_Line], end: int) -> int:
    """Take in sentence-like lines just below the block (a short closing paragraph)."""
    position = end + 1
    while position < len(lines):
        line = lines[position]
        if line.pattern is not None or line.repeated or not line.terminal or line.words < 4:
            break
        if line.kind not in ("good", "near") and line.stop_share < 0.15:
            break
        end = position
        position += 1
    return end


def _trim_trailing_headlines(lines: list[_Line], start: int, end: int) -> int:
    """Drop headline-like lines (no final punctuation) that close the block: related links."""
    while end > start:
        line = lines[end]
        if line.pattern is None and (line.terminal or line.words >= 30):
            break
        end -= 1
    return end


def _looks_like_list_item(line: _Line) -> bool:
    return line.words <= 3 and not line.terminal


def _outside_reason(line: _Line, *, before: bool, after_comments: bool) -> str:
    if line.repeated:
        return REPEATED
    if after_comments and line.kind in ("good", "near"):
        return COMMENT
    if not before and not line.terminal and 3 <= line.words <= 25:
        return RELATED_HEADLINE
    if line.words <= 4 and not line.terminal:
        return NAVIGATION
    return BOILERPLATE


def _is_headline(line: _Line) -> bool:
    return 2 <= line.words <= 25 and not line.terminal and not line.text.endswith(":") and len(line.text) <= 200


def _split_title(
    kept: list[_Line], lines: list[_Line], start: int, texts: list[str], wrapped: bool
) -> tuple[str | None, int | None, list[_Line]]:
    """The first kept line is the title when it reads like a headline and body follows it.

    In hard-wrapped text a headline stands alone (a blank line after it); otherwise it would
    be the first line of a paragraph broken across lines.
    """
    if len(kept) < 2 or kept[0] is not lines[start] or not _is_headline(kept[0]):
        return None, None, kept
    next_index = kept[0].number  # 0-based index of the input line after it
    if wrapped and next_index < len(texts) and texts[next_index]:
        return None, None, kept
    return kept[0].text, kept[0].number, kept[1:]


def _paragraphs(body: list[_Line], wrapped: bool) -> tuple[list[str], list[int]]:
    """One paragraph per line, except that hard-wrapped prose (a paragraph broken over several
    consecutive lines, blank lines between paragraphs) is joined back together."""
    if not body:
        return [], []
    paragraphs: list[str] = []
    numbers: list[int] = []
    previous: _Line | None = None
    for line in body:
        joins = (
            wrapped
            and previous is not None
            and line.number == previous.number + 1
            and not previous.terminal
        )
        if joins:
            paragraphs[-1] = f"{paragraphs[-1]} {line.text}"
        else:
            paragraphs.append(line.text)
            numbers.append(line.number)
        previous = line
    return paragraphs, numbers


def _looks_hard_wrapped(body: list[_Line], texts: list[str]) -> bool:
    """Most lines run on into the next one without final punctuation, at a similar width."""
    followed = 0
    run_on = 0
    for line in body:
        nxt = line.number  # index of the next input line (0-based == 1-based number)
        if nxt < len(texts) and texts[nxt]:
            followed += 1
            if not line.terminal and 40 <= len(line.text) <= 100:
                run_on += 1
    return followed >= 3 and run_on / max(1, len(body)) >= 0.4 and any(not t for t in texts)
