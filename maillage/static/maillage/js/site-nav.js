// On a phone the main menu folds behind one button, so a page starts with its content rather
// than five rows of links. Without this script the menu stays open, as on a desktop.
(function () {
  "use strict";

  var nav = document.querySelector("nav.site-nav");
  var list = nav && nav.querySelector("ul");
  if (!list) {
    return;
  }
  var button = document.createElement("button");
  var current = nav.querySelector("a[aria-current=page]");
  button.type = "button";
  button.className = "site-nav__toggle";
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", list.id);
  // "Menu · Familles": the button says where the person is, the way the open menu would.
  button.textContent = nav.getAttribute("data-menu-label") + (current ? " · " + current.textContent : "");
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", open ? "false" : "true");
  });
  nav.insertBefore(button, list);
  nav.classList.add("site-nav--collapsible");
})();
