{% raw %}
/* framing report: dimension and boilerplate toggles, jumps between aligned pairs. The page reads
   the same without it; it touches only the report it sits in and loads nothing. */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = script && script.parentElement;
  if (!root || !root.classList.contains("framing-report")) return;
  root.classList.add("js");

  function sync(input) {
    var dim = input.getAttribute("data-dim");
    var what = dim ? "hide-" + dim : "hide-" + input.getAttribute("data-toggle");
    root.classList.toggle(what, !input.checked);
  }
  var inputs = root.querySelectorAll(".controls input[type=checkbox]");
  for (var i = 0; i < inputs.length; i++) sync(inputs[i]);
  root.addEventListener("change", function (e) {
    var t = e.target;
    if (t && t.matches && t.matches(".controls input[type=checkbox]")) sync(t);
  });

  function stick() {
    return root.querySelector(".articles .stick");
  }
  root.addEventListener("click", function (e) {
    var b = e.target && e.target.closest ? e.target.closest("button[data-jump]") : null;
    if (!b) return;
    var rows = root.querySelectorAll(".row.aligned");
    if (!rows.length) return;
    var s = stick(), height = s && getComputedStyle(s).position === "sticky" ? s.offsetHeight : 0;
    var line = height + 12, cur = -1, inside = false;  // a row we jumped to lands at height + 8
    for (var k = 0; k < rows.length; k++) {
      var r = rows[k].getBoundingClientRect();
      if (r.top <= line) { cur = k; inside = r.top < line - 20; }
    }
    var step = Number(b.getAttribute("data-jump"));
    var t = step > 0 ? cur + 1 : (inside ? cur : cur - 1);
    t = Math.max(0, Math.min(rows.length - 1, t));
    rows[t].style.scrollMarginTop = (height + 8) + "px";
    rows[t].scrollIntoView({block: "start"});
    rows[t].focus({preventScroll: true});
  });
})();
{% endraw %}
