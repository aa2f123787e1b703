// The period pickers (maillage/core/periods.py, PeriodForm): show only the fields the chosen
// kind of period reads. Each of those fields names its kinds in data-period-kinds; the div that
// holds it is hidden for the other kinds. Without this script every field shows and the server
// ignores the ones the kind does not read.
(function () {
  "use strict";

  function update(form, kind) {
    form.querySelectorAll("[data-period-kinds]").forEach(function (input) {
      var wrapper = input.closest("div");
      if (wrapper && form.contains(wrapper)) {
        wrapper.hidden = input.getAttribute("data-period-kinds").split(" ").indexOf(kind.value) === -1;
      }
    });
  }

  document.querySelectorAll("form[data-period-form]").forEach(function (form) {
    var kind = form.querySelector("select[name=kind]");
    if (!kind) {
      return;
    }
    kind.addEventListener("change", function () {
      update(form, kind);
    });
    update(form, kind);
  });
})();
