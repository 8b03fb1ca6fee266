"""The `slant` command itself: logging format and exit codes."""

import io
import logging
import subprocess
import sys

from slant.cli.main import log_handler, main


def emit(handler: logging.Handler, name: str, level: int, message: str) -> None:
    logger = logging.getLogger(name)
    logger.addHandler(handler)
    try:
        logger.log(level, message, "the techniques model")
    finally:
        logger.removeHandler(handler)


def test_warnings_read_as_slant_lines():
    stream = io.StringIO()
    emit(log_handler(0, stream), "slant.runtime.encoder", logging.WARNING, "building the int8 encoder for %s")
    assert stream.getvalue() == "slant: building the int8 encoder for the techniques model\n"


def test_verbose_logging_keeps_level_and_name():
    stream = io.StringIO()
    emit(log_handler(1, stream), "slant.runtime.encoder", logging.WARNING, "building %s")
    assert stream.getvalue() == "WARNING slant.runtime.encoder: building the techniques model\n"


def test_the_command_configures_that_format(tmp_path):
    # In a fresh interpreter, as `slant` runs: the first run's one notice (the encoder build,
    # here from a stand-in reader) is slant's only stderr line, without level or logger name.
    page = tmp_path / "page.txt"
    page.write_text("A title\n\nSome words of the article.\n", encoding="utf-8")
    code = (
        "import logging, sys\n"
        "import slant.cli.extract as extract\n"
        "from slant.cli.main import main\n"
        "real = extract.iter_file\n"
        "def iter_file(path, **kwargs):\n"
        "    logging.getLogger('slant.runtime.encoder').warning('building the int8 encoder (once; cached at %s)', '/c')\n"
        "    logging.getLogger('slant.runtime.encoder').info('not shown without -v')\n"
        "    yield from real(path, **kwargs)\n"
        "extract.iter_file = iter_file\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code, "extract", str(page)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "slant: building the int8 encoder (once; cached at /c)\n"
    verbose = subprocess.run([sys.executable, "-c", code, "-v", "extract", str(page)], capture_output=True,
                             text=True, timeout=120)
    assert "WARNING slant.runtime.encoder: building the int8 encoder" in verbose.stderr
    assert "INFO slant.runtime.encoder: not shown without -v" in verbose.stderr


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "COMMAND" in capsys.readouterr().err


def test_library_warnings_and_errors_are_shown_only_when_verbose():
    from slant.cli.main import QUIET_LIBRARIES, configure_logging

    loggers = [logging.getLogger(name) for name in QUIET_LIBRARIES]
    before = [logger.level for logger in loggers]
    try:
        configure_logging(0)
        assert not logging.getLogger("trafilatura.core").isEnabledFor(logging.ERROR)
        assert logging.getLogger("trafilatura.core").isEnabledFor(logging.CRITICAL)
        configure_logging(1)  # a later -v in the same process shows them again
        assert all(logger.level == logging.NOTSET for logger in loggers)
    finally:
        for logger, level in zip(loggers, before, strict=True):
            logger.setLevel(level)
