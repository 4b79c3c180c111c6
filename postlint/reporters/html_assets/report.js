// The table of findings: filter, sort and page over rows decoded from #findings-data.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("findings-data").textContent);
  var S = data.strings, PAGE = 100;
  var rows = data.rows, shown = rows, page = 0, sortKey = null, sortDir = 1;
  var body = document.querySelector("#findings-table tbody");
  var q = document.getElementById("q"), ruleSel = document.getElementById("rule");
  var sevSel = document.getElementById("severity");

  // SVG tooltips: each chart mark's description as its <title>
  document.querySelectorAll(".chart svg [aria-label]").forEach(function (mark) {
    if (mark.getAttribute("aria-roledescription") === "bar") {
      var t = document.createElementNS("http://www.w3.org/2000/svg", "title");
      t.textContent = mark.getAttribute("aria-label");
      mark.appendChild(t);
    }
  });

  function option(select, value, text) {
    var o = document.createElement("option");
    o.value = value; o.textContent = text; select.appendChild(o);
  }
  Object.keys(data.rules).sort().forEach(function (code) {
    option(ruleSel, code, code + " " + data.rules[code].name);
  });
  Object.keys(data.severities).sort().reverse().forEach(function (level) {
    option(sevSel, level, data.severities[level]);
  });

  var keys = {
    where: function (r) { return [S[r[0]], r[1], r[2]]; },
    code: function (r) { return [S[r[3]]]; },
    severity: function (r) { return [-r[4]]; },
    message: function (r) { return [S[r[5]]]; }
  };
  function compare(a, b) {
    for (var i = 0; i < a.length; i++) {
      if (a[i] < b[i]) return -sortDir;
      if (a[i] > b[i]) return sortDir;
    }
    return 0;
  }

  function apply() {
    var text = q.value.trim().toLowerCase(), code = ruleSel.value, sev = sevSel.value;
    var codeIndex = code ? S.indexOf(code) : -1;
    var matchingStrings = null;
    if (text) {  // which strings match, once; then rows by their indices
      matchingStrings = new Uint8Array(S.length);
      for (var i = 0; i < S.length; i++) {
        if (S[i].toLowerCase().indexOf(text) >= 0) matchingStrings[i] = 1;
      }
    }
    shown = rows.filter(function (r) {
      if (code && r[3] !== codeIndex) return false;
      if (sev && r[4] !== +sev) return false;
      if (matchingStrings && !(matchingStrings[r[0]] || matchingStrings[r[5]] ||
                               matchingStrings[r[3]])) return false;
      return true;
    });
    if (sortKey) {
      var key = keys[sortKey];
      shown = shown.map(function (r, i) { return [key(r), i, r]; })
        .sort(function (a, b) { return compare(a[0], b[0]) || a[1] - b[1]; })
        .map(function (x) { return x[2]; });
    }
    page = 0;
    draw();
  }

  function cell(tr, cls, text) {
    var td = document.createElement("td");
    td.className = cls; td.textContent = text; tr.appendChild(td);
    return td;
  }

  function draw() {
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    page = Math.min(Math.max(page, 0), pages - 1);
    var fragment = document.createDocumentFragment();
    shown.slice(page * PAGE, (page + 1) * PAGE).forEach(function (r) {
      var tr = document.createElement("tr"), code = S[r[3]], level = data.severities[r[4]];
      cell(tr, "where", S[r[0]] + ":" + r[1] + ":" + r[2]);
      var td = cell(tr, "code", "");
      var a = document.createElement("a");
      a.href = "#rule-" + code; a.textContent = code;
      a.title = (data.rules[code] || {}).name || "";
      td.appendChild(a);
      var badge = document.createElement("span");
      badge.className = "sev sev-" + level; badge.textContent = level;
      cell(tr, "sev", "").appendChild(badge);
      cell(tr, "msg", S[r[5]] + (r[6] ? " (fixable)" : ""));
      fragment.appendChild(tr);
    });
    body.replaceChildren(fragment);
    document.getElementById("count").textContent =
      shown.length.toLocaleString() + " of " + rows.length.toLocaleString() + " findings";
    document.getElementById("page").textContent = "page " + (page + 1) + " of " + pages;
    document.getElementById("prev").disabled = page === 0;
    document.getElementById("next").disabled = page >= pages - 1;
  }

  document.querySelectorAll("#findings-table th[data-sort]").forEach(function (th) {
    th.addEventListener("click", function () {
      var key = th.getAttribute("data-sort");
      sortDir = sortKey === key ? -sortDir : 1;
      sortKey = key;
      document.querySelectorAll("#findings-table th").forEach(function (other) {
        other.removeAttribute("aria-sort");
      });
      th.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending");
      apply();
    });
  });
  var timer = null;
  q.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 150); });
  ruleSel.addEventListener("change", apply);
  sevSel.addEventListener("change", apply);
  document.getElementById("prev").addEventListener("click", function () { page--; draw(); });
  document.getElementById("next").addEventListener("click", function () { page++; draw(); });
  document.querySelectorAll("a.show-path").forEach(function (a) {
    a.addEventListener("click", function () { q.value = a.getAttribute("data-path"); apply(); });
  });

  function openTarget() {  // a rule's documentation opens when a link points at it
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.tagName === "DETAILS") target.open = true;
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  apply();
})();
