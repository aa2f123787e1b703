// The team view's period form: show only the fields the chosen kind of period reads.
// Without this script every field stays visible and the server ignores the others.
(function () {
  "use strict";

  function update(form) {
    var kind = form.querySelector("select[name=kind]").value || "month";
    form.querySelectorAll("[data-period-kinds]").forEach(function (input) {
      var wrapper = input.closest("div");
      var wanted = input.getAttribute("data-period-kinds").split(" ").indexOf(kind) !== -1;
      if (wrapper) {
        wrapper.hidden = !wanted;
      }
    });
  }

  document.querySelectorAll("form[data-period-form]").forEach(function (form) {
    var kind = form.querySelector("select[name=kind]");
    if (!kind) {
      return;
    }
    kind.addEventListener("change", function () {
      update(form);
    });
    update(form);
  });
})();
