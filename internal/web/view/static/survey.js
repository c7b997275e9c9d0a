// Small comforts for the survey page; it works without them.
// A matrix row or choice submits nothing by itself; a text shows what is left.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("textarea[data-count]").forEach(function (t) {
    var out = document.getElementById(t.dataset.count);
    var max = +t.getAttribute("maxlength");
    var base = out.textContent;
    function show() { out.textContent = base + " (" + (max - t.value.length) + ")"; }
    t.addEventListener("input", show);
    show();
  });
  document.querySelectorAll("form.question").forEach(function (f) {
    f.addEventListener("submit", function () {
      setTimeout(function () { f.querySelectorAll("button").forEach(function (b) { b.disabled = true; }); }, 0);
    });
  });
});
