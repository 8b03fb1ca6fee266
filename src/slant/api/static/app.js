/* slant serve: the one script of the web UI. It follows a job's progress on its page; every
   value it shows is set as text, never as markup. The pages work without it. */
(function () {
  "use strict";

  function set(root, name, value) {
    var node = root.querySelector('[data-field="' + name + '"]');
    if (node) { node.textContent = value === null || value === undefined ? "?" : String(value); }
    return node;
  }

  function showFailures(root, failures) {
    var list = root.querySelector('[data-field="failures"]');
    if (!list) { return; }
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!failures.length) {
      var none = document.createElement("li");
      none.className = "none";
      none.textContent = "none";
      list.appendChild(none);
      return;
    }
    failures.forEach(function (failure) {
      var item = document.createElement("li");
      var source = document.createElement("strong");
      source.textContent = failure.source;
      item.appendChild(source);
      item.appendChild(document.createTextNode(": " + failure.error));
      list.appendChild(item);
    });
  }

  function follow(root) {
    var url = root.getAttribute("data-job");
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (job) {
          if (!job) { return; }
          ["status", "processed", "added", "skipped", "failed"].forEach(function (name) { set(root, name, job[name]); });
          set(root, "total", job.total);
          var progress = root.querySelector('[data-field="progress"]');
          if (progress) {
            progress.max = job.total || 1;
            progress.value = job.total ? job.processed : 0;
            progress.textContent = String(job.processed);
          }
          var message = root.querySelector('[data-field="message"]');
          if (message) { message.textContent = job.message || ""; message.hidden = !job.message; }
          showFailures(root, job.failures || []);
          var finished = ["done", "failed", "interrupted"].indexOf(job.status) >= 0;
          root.setAttribute("data-finished", finished ? "yes" : "no");
          if (!finished) { window.setTimeout(poll, 1000); }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    if (root.getAttribute("data-finished") !== "yes") { window.setTimeout(poll, 500); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var hint = document.querySelector(".noscript-hint");
    if (hint) { hint.hidden = true; }
    Array.prototype.forEach.call(document.querySelectorAll("[data-job]"), follow);
  });
})();
