// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Filter and sort forms submit themselves when a choice changes.
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      var t = event.target;
      if (t && (t.type === "checkbox" || t.tagName === "SELECT")) {
        form.requestSubmit ? form.requestSubmit() : form.submit();
      }
    });
  });
})();
