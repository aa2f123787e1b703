// The report's period form: show only the fields the chosen kind of period reads.
// Without this script every field stays visible and the server ignores the others.
(function () {
  "use strict";

  function update(form) {
    var checked = form.querySelector("input[name=kind]:checked");
    var kind = checked ? checked.value : "";
    form.querySelectorAll("[data-period-kinds]").forEach(function (field) {
      var wrapper = field.closest("div");
      if (wrapper) {
        wrapper.hidden = field.getAttribute("data-period-kinds").split(" ").indexOf(kind) === -1;
      }
    });
  }

  document.querySelectorAll("form[data-report-period]").forEach(function (form) {
    form.querySelectorAll("input[name=kind]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        update(form);
      });
    });
    update(form);
  });
})();
