/* The ballot form of an encrypted question (templates/encrypted_ballot.html): the choice is
   encrypted here with councils-ballot.js under the question's election, read from
   GET /api/questions/{id}/election, and only the Belenios ballot is posted. The voter's
   credential for the question is made here and kept in this browser (localStorage), so that a
   re-vote, where the constitution allows one, is signed with the same credential. The challenge
   (Benaloh's) spoils a ballot to test the device; a cast ballot is always encrypted afresh. */
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
  var words = (document.getElementById("ballot-words") || {dataset: {}}).dataset;
  function say(key, fallback) { return words[key] || fallback; }

  async function encryptMarks() {  // the election, this browser's credential, the marks: a fresh ballot
    var view = await (await fetch("/api/questions/" + encodeURIComponent(form.dataset.question) + "/election")).json();
    if (!view.election) { throw new Error(say("noKey", "the tellers have not all given their keys yet")); }
    var election = JSON.parse(view.election);
    var key = "councils-credential-" + election.uuid;
    var credential = localStorage.getItem(key) || newCredential();
    localStorage.setItem(key, credential);
    var first = election.questions[0], marks;
    if (first.type === "NonHomomorphic") {  // a ranking: each candidate's rank (1 first), 0 unranked
      var prefs = Array.from(form.querySelectorAll("select[name=rank]")).map(function (s) { return s.value; })
        .filter(function (v) { return v; });
      if (new Set(prefs).size !== prefs.length) {
        throw new Error(say("twice", "a candidate is ranked twice: give each preference to a different one"));
      }
      marks = [first.value.answers.map(function (a) { return prefs.indexOf(a) + 1; })];
    } else {
      var marked = Array.from(form.querySelectorAll("input[name=mark]:checked")).map(function (i) { return i.value; });
      marks = [first.answers.map(function (a) { return marked.indexOf(a) >= 0 ? 1 : 0; })];
    }
    var made = await window.councilsBallot.encrypt(view.election, credential, marks);
    made.marks = marks;
    return made;
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    status.textContent = say("encrypting", "Encrypting on this device…");
    try {
      var made = await encryptMarks();  // always afresh: never a ballot that was challenged
      form.querySelector("input[name=ballot]").value = made.ballot;
      form.querySelectorAll("input[name=mark], select[name=rank]").forEach(function (i) { i.disabled = true; });  // never sent
      status.textContent = say("tracker", "Tracker:") + " " + made.tracker;
      form.submit();
    } catch (err) {
      status.textContent = say("notCast", "Not cast:") + " " + err.message;
      button.disabled = false;
    }
  });

  /* Benaloh's challenge: encrypt, reveal the randomness, have it checked apart from this device
     (POST /api/questions/{id}/challenge, without this browser's cookies), and throw the ballot
     away; the revealed text can also be checked elsewhere with `councils ballot audit`. */
  var challenge = document.getElementById("challenge");
  if (!challenge) { return; }
  var result = document.getElementById("challenge-result");
  challenge.addEventListener("click", async function () {
    if (!form.reportValidity()) { return; }
    challenge.disabled = true;
    result.textContent = say("encrypting", "Encrypting on this device…");
    try {
      var made = await encryptMarks();
      var revealed = JSON.stringify({ballot: made.ballot, choices: made.marks, randomness: made.randomness});
      var tracker = document.getElementById("challenge-tracker");
      tracker.querySelector("code").textContent = made.tracker;
      tracker.hidden = false;
      var data = document.getElementById("challenge-data");
      data.value = revealed;
      data.hidden = false;
      document.querySelector("label[for=challenge-data]").hidden = false;
      result.textContent = say("checking", "Checking the spoiled ballot apart from this device…");
      var answer = await fetch("/api/questions/" + encodeURIComponent(form.dataset.question) + "/challenge", {
        method: "POST", credentials: "omit", headers: {"Content-Type": "application/json"}, body: revealed});
      var checked = await answer.json();
      if (!answer.ok) { throw new Error(checked.message || answer.statusText); }
      result.dataset.valid = checked.valid ? "yes" : "no";
      result.textContent = checked.valid ? say("valid", "Checked: the spoiled ballot encrypts exactly the choice shown.")
        : say("invalid", "The spoiled ballot does NOT encrypt the choice shown: do not vote on this device.");
      if (checked.valid && checked.choices.length) { result.textContent += " (" + checked.choices.join(", ") + ")"; }
    } catch (err) {
      result.textContent = err.message;
    } finally {
      challenge.disabled = false;
    }
  });
})();
