/* The tellers' page (templates/tellers.html, issue 14): a teller's key (or a k-of-n teller's rounds), shuffle (a ranked
   question's turn in the mix-net) or partial decryption made in this browser with councils-ballot.js. The private key is kept in this browser (localStorage,
   per question) and offered as a file in the format of `councils teller keygen`; it is never sent:
   the form receives only the JSON command, holding the public key or the decryption with proofs. */
(function () {
  "use strict";
  var words = (document.getElementById("teller-words") || {dataset: {}}).dataset;
  function say(key, fallback) { return words[key] || fallback; }
  function storeKey(question) { return "councils-teller-key-" + question; }

  document.querySelectorAll(".teller-duty").forEach(function (duty) {
    var question = duty.dataset.question, group = duty.dataset.group;
    var status = duty.querySelector(".browser-status");
    var box = duty.querySelector("textarea[name=submission]");
    var teller = duty.querySelector("form") && duty.querySelector("form").dataset.teller;

    var make = duty.querySelector(".make-key");
    if (make) {
      make.addEventListener("click", async function () {
        make.disabled = true;
        status.textContent = say("working", "Working in this browser…");
        try {
          var made = await window.councilsBallot.tellerKey(group);
          var file = JSON.stringify(made);
          localStorage.setItem(storeKey(question), file);
          var link = duty.querySelector(".key-file a");
          link.href = URL.createObjectURL(new Blob([file + "\n"], {type: "application/json"}));
          duty.querySelector(".key-file").hidden = false;
          box.value = JSON.stringify({cmd: "submit_teller_key", question: question, teller: teller,
                                      key: JSON.stringify(made.public)});
          status.textContent = say("keyMade", "Key made. Save the private key file, then send the command below.");
        } catch (err) {
          status.textContent = err.message;
          make.disabled = false;
        }
      });
    }

    /* A k-of-n teller's round (certificate, polynomial, verification key): the seed is made in the first
       and kept here and in the saved key file (`teller keygen --threshold`'s format, which the CLI takes
       over); the last round adds the decryption key to it. Only the public part goes in the command. */
    var round = duty.querySelector(".key-round");
    if (round) {
      round.addEventListener("click", async function () {
        round.disabled = true;
        status.textContent = say("working", "Working in this browser…");
        try {
          var input = duty.querySelector(".key-input"), chosen = input && input.files[0];
          var kept = chosen ? await chosen.text() : localStorage.getItem(storeKey(question));
          var view = await (await fetch("/api/questions/" + encodeURIComponent(question) + "/election")).json();
          var done = await window.councilsBallot.tellerRound(view, kept ? JSON.parse(kept) : null);
          var file = JSON.stringify(done.file);
          localStorage.setItem(storeKey(question), file);
          var link = duty.querySelector(".key-file a");
          link.href = URL.createObjectURL(new Blob([file + "\n"], {type: "application/json"}));
          duty.querySelector(".key-file").hidden = false;
          box.value = JSON.stringify({cmd: "submit_teller_key", question: question, teller: teller,
                                      key: JSON.stringify(done.made)});
          status.textContent = say("roundMade", "Round done in this browser. Save the key file, then send the command below.");
        } catch (err) {
          status.textContent = err.message;
          round.disabled = false;
        }
      });
    }

    var shuffle = duty.querySelector(".shuffle");
    if (shuffle) {
      shuffle.addEventListener("click", async function () {
        shuffle.disabled = true;
        status.textContent = say("working", "Working in this browser…");
        try {
          var view = await (await fetch("/api/questions/" + encodeURIComponent(question) + "/election")).json();
          var made = await window.councilsBallot.shuffle(view.election, view.encrypted_tally);
          box.value = JSON.stringify({cmd: "submit_shuffle", question: question, teller: teller, shuffle: made});
          status.textContent = say("shuffled", "Shuffled with its proof. Send the command below.");
        } catch (err) {
          status.textContent = err.message;
        } finally {
          shuffle.disabled = false;
        }
      });
    }

    var decrypt = duty.querySelector(".decrypt");
    if (decrypt) {
      decrypt.addEventListener("click", async function () {
        decrypt.disabled = true;
        status.textContent = say("working", "Working in this browser…");
        try {
          var chosen = duty.querySelector(".key-input").files[0];
          var file = chosen ? await chosen.text() : localStorage.getItem(storeKey(question));
          if (!file) { throw new Error(say("noKey", "No private key for this question in this browser: choose its file.")); }
          var key = JSON.parse(file);
          if (!key.private_key) { throw new Error(say("noKey", "No private key for this question in this browser: choose its file.")); }
          var view = await (await fetch("/api/questions/" + encodeURIComponent(question) + "/election")).json();
          var decryption = await window.councilsBallot.partialDecryption(view.election, view.encrypted_tally,
                                                                          key.private_key);
          box.value = JSON.stringify({cmd: "submit_partial_decryption", question: question, teller: teller,
                                      decryption: decryption});
          status.textContent = say("decrypted", "Decrypted with proofs. Send the command below.");
        } catch (err) {
          status.textContent = err.message;
        } finally {
          decrypt.disabled = false;
        }
      });
    }
  });
})();
