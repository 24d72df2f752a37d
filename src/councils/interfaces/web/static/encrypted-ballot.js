/* The ballot form of an encrypted question (templates/encrypted_ballot.html): the choice is
   encrypted here with councils-ballot.js under the question's election, read from
   GET /api/questions/{id}/election, and only the Belenios ballot is posted. The voter's
   credential for the question is made here and kept in this browser (localStorage), so that a
   re-vote, where the constitution allows one, is signed with the same credential. */
(function () {
  "use strict";
  var B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

  function newCredential() {  // Belenios's format: 14 random base-58 digits and a checksum
    var digits = Array.from(crypto.getRandomValues(new Uint8Array(64))).filter(function (b) { return b < 232; })
      .slice(0, 14).map(function (b) { return b % 58; });
    var mod = 0;
    digits.forEach(function (d) { mod = (mod * 58 + d) % 53; });
    var raw = digits.map(function (d) { return B58[d]; }).join("") + B58[53 - mod];
    return [0, 3, 6, 9, 12].map(function (i) { return raw.slice(i, i + 3); }).join("-");
  }

  var form = document.getElementById("encrypted-ballot");
  if (!form) { return; }
  var status = document.getElementById("encrypting");
  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    status.textContent = "Encrypting on this device…";
    try {
      var view = await (await fetch("/api/questions/" + encodeURIComponent(form.dataset.question) + "/election")).json();
      if (!view.election) { throw new Error("the tellers have not all given their keys yet"); }
      var election = JSON.parse(view.election);
      var key = "councils-credential-" + election.uuid;
      var credential = localStorage.getItem(key) || newCredential();
      localStorage.setItem(key, credential);
      var marked = Array.from(form.querySelectorAll("input[name=mark]:checked")).map(function (i) { return i.value; });
      var marks = election.questions[0].answers.map(function (a) { return marked.indexOf(a) >= 0 ? 1 : 0; });
      var made = await window.councilsBallot.encrypt(view.election, credential, [marks]);
      form.querySelector("input[name=ballot]").value = made.ballot;
      form.querySelectorAll("input[name=mark]").forEach(function (i) { i.disabled = true; });  // never sent
      status.textContent = "Tracker: " + made.tracker;
      form.submit();
    } catch (err) {
      status.textContent = "Not cast: " + err.message;
      button.disabled = false;
    }
  });
})();
