// Live preview in the post editor. Without this file the "Preview" button does the same
// with a full page load. The server renders and sanitises; this only inserts its answer.
(function () {
  "use strict";
  var target = document.getElementById("live-preview");
  var form = document.querySelector("form.editor");
  if (!target || !form) { return; }
  var body = form.querySelector("textarea[name=body]");
  var token = form.querySelector("input[name=csrf_token]");
  var url = target.getAttribute("data-preview-url");
  if (!body || !url) { return; }
  var timer = null;
  var sent = null;

  function refresh() {
    if (body.value === sent) { return; }
    sent = body.value;
    var data = new FormData();
    data.append("body", body.value);
    if (token) { data.append("csrf_token", token.value); }
    fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: token ? { "X-CSRFToken": token.value } : {}
    }).then(function (response) {
      return response.json().then(function (json) { return { ok: response.ok, json: json }; });
    }).then(function (result) {
      if (result.ok && typeof result.json.html === "string") {
        target.innerHTML = result.json.html;
      } else if (result.json && result.json.error) {
        target.textContent = result.json.error;
      }
    }).catch(function () { /* keep the last preview; the Preview button still works */ });
  }

  body.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 600);
  });
  if (body.value) { refresh(); }
})();
