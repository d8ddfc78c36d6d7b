// A link to the same page in the other language, in the menu bar of every page.
// The English book is at book/, the Chinese one at book/zh-CN/ (scripts/translation.sh).
(function () {
  "use strict";
  var chinese = document.documentElement.lang === "zh-CN";
  // mdBook sets path_to_root on every page: from this page up to its book's root.
  var root = new URL(typeof path_to_root === "string" ? path_to_root : "", window.location.href);
  var page = window.location.href.slice(root.href.length) || "index.html";
  var other = chinese ? new URL("../" + page, root) : new URL("zh-CN/" + page, root);
  var link = document.createElement("a");
  link.href = other.href;
  link.className = "language-switch";
  link.lang = chinese ? "en" : "zh-CN";
  link.textContent = chinese ? "English" : "中文";
  link.title = chinese ? "Read this page in English" : "阅读本页的中文版";
  var buttons = document.querySelector(".right-buttons");
  if (buttons) {
    buttons.insertBefore(link, buttons.firstChild);
  }
})();
