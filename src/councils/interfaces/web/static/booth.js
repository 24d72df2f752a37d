/* The voting booth page (booth.html): shows a question from its election JSON, encrypts the
   marks with councils-ballot.js, shows the tracker, and offers the challenge. */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var made = null, marks = null;

  function fail(message) { $("error").textContent = message; }

  $("load").addEventListener("click", function () {
    fail("");
    var election;
    try { election = JSON.parse($("election").value); } catch (e) { return fail("The question is not JSON: " + e.message); }
    var box = $("questions");
    box.textContent = "";
    (election.questions || []).forEach(function (q, k) {
      var set = document.createElement("fieldset");
      var legend = document.createElement("legend");
      legend.textContent = q.question + " (mark " + q.min + " to " + q.max + ")";
      set.appendChild(legend);
      var names = q.type === "NonHomomorphic" ? [] : (q.blank ? ["Blank vote (no answer)"] : []).concat(q.answers || []);
      if (q.type === "NonHomomorphic") legend.textContent = q.value.question + " (ranked: not offered on this page yet)";
      names.forEach(function (a, j) {
        var id = "q" + k + "a" + j, label = document.createElement("label"), input = document.createElement("input");
        input.type = "checkbox"; input.id = id; input.dataset.q = k; input.dataset.a = j;
        label.htmlFor = id; label.textContent = a;
        set.appendChild(input); set.appendChild(label); set.appendChild(document.createElement("br"));
      });
      box.appendChild(set);
    });
    $("choices").hidden = false;
  });

  $("choices").addEventListener("submit", async function (event) {
    event.preventDefault();
    fail("");
    var election = JSON.parse($("election").value);
    marks = election.questions.map(function (q) {
      var width = (q.answers || []).length + (q.blank ? 1 : 0);
      return new Array(width).fill(0);
    });
    document.querySelectorAll("#questions input:checked").forEach(function (i) { marks[i.dataset.q][i.dataset.a] = 1; });
    $("encrypt").disabled = true;
    try {
      made = await window.councilsBallot.encrypt($("election").value, $("credential").value.trim(), marks);
      $("tracker").textContent = made.tracker;
      $("ballot").value = made.ballot;
      $("made").hidden = false;
      $("spoiled").hidden = true;
    } catch (e) {
      fail(e.message);
    } finally {
      $("encrypt").disabled = false;
    }
  });

  $("challenge").addEventListener("click", function () {
    $("audit").value = JSON.stringify({ballot: made.ballot, choices: marks, randomness: made.randomness});
    $("ballot").value = "";
    $("made").hidden = true;
    $("spoiled").hidden = false;
    made = null;
  });
})();
