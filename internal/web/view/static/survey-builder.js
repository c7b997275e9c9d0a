// Small comforts for the survey builder; it works without them (the
// buttons then ask the server, which shows the form again).
// "Add an option" adds a row here and puts the cursor in it; × removes a
// row; the options of a question show only for the types that have them.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("survey-form");
  if (!form) return;
  var optionTypes = (form.dataset.optionTypes || "").split(" ");

  function renumber(list) {
    var q = list.closest(".opts").dataset.q;
    list.querySelectorAll(".opt-row").forEach(function (row, j) {
      ["key", "vi", "en"].forEach(function (part) {
        var input = row.querySelector('input[name="q_opt_' + part + "_" + q + '"]');
        var label = row.querySelector('label[for^="q-opt-' + part + '-"]');
        var id = "q-opt-" + part + "-" + q + "-" + j;
        label.htmlFor = id;
        label.textContent = label.textContent.replace(/\d+/, String(j + 1));
        input.id = id;
      });
      var remove = row.querySelector("[data-remove-option]");
      if (remove) {
        remove.value = "remove_option:" + q + ":" + j;
        remove.setAttribute("aria-label", remove.getAttribute("aria-label").replace(/\d+/, String(j + 1)));
      }
    });
  }

  form.addEventListener("click", function (ev) {
    var add = ev.target.closest("[data-add-option]");
    var remove = ev.target.closest("[data-remove-option]");
    if (add) {
      ev.preventDefault();
      var list = add.closest(".opts").querySelector(".opt-rows");
      var rows = list.querySelectorAll(".opt-row");
      var row = rows[rows.length - 1].cloneNode(true);
      row.querySelectorAll("input").forEach(function (i) { i.value = ""; });
      list.appendChild(row);
      renumber(list);
      row.querySelector("input").focus();
    } else if (remove) {
      ev.preventDefault();
      var item = remove.closest(".opt-row");
      var rowsList = item.parentNode;
      if (rowsList.querySelectorAll(".opt-row").length === 1) {
        item.querySelectorAll("input").forEach(function (i) { i.value = ""; });
        item.querySelector("input").focus();
      } else {
        var next = item.nextElementSibling || item.previousElementSibling;
        item.remove();
        renumber(rowsList);
        next.querySelector("input").focus();
      }
      form.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });

  function showOptions(select) {
    var opts = document.getElementById("q-opts-" + select.dataset.q);
    if (opts) opts.hidden = optionTypes.indexOf(select.value) < 0;
  }
  form.querySelectorAll('select[name="q_type"]').forEach(function (s) {
    showOptions(s);
    s.addEventListener("change", function () { showOptions(s); });
  });
});
