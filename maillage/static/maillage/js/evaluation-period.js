// The period picker of the evaluation: show only the fields the chosen kind of period
// needs. Without this script every field shows, and the server ignores the others.
(function () {
  "use strict";
  var NEEDED = {
    month: ["kind", "year", "month"],
    quarter: ["kind", "year", "quarter"],
    year: ["kind", "year"],
    custom: ["kind", "start", "end"],
  };
  var form = document.getElementById("period-form");
  if (!form) {
    return;
  }
  var kind = form.querySelector("select[name=kind]");
  function update() {
    var needed = NEEDED[kind.value] || Object.keys(NEEDED).reduce(function (all, key) {
      return all.concat(NEEDED[key]);
    }, []);
    form.querySelectorAll("[data-period-field]").forEach(function (wrapper) {
      var name = wrapper.getAttribute("data-period-field");
      wrapper.hidden = needed.indexOf(name) === -1;
    });
  }
  kind.addEventListener("change", update);
  update();
})();
