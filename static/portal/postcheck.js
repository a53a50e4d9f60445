/* Check a post, enhanced: checks the draft as the member types.
 *
 * After a pause in typing (or a change of account or feelings) the draft is
 * POSTed to the check API with the page's CSRF token, and the results are drawn
 * the way the server draws them after "Check my post": the draft with each
 * passage in a <mark> after a numbered label in words, the numbered concerns,
 * and a one-line summary in a status region that screen readers announce.
 * The draft only ever travels in a POST body; it is never put in the address,
 * stored in the browser or sent anywhere else. Without this file the form
 * posts and the server shows the same results.
 */
(function () {
  "use strict";

  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }

  var form = document.getElementById("check-form");
  var results = document.getElementById("check-results");
  if (!form || !results || !window.fetch || !window.FormData) {
    return;
  }
  var text = form.querySelector("textarea[name=text]");
  var status = document.getElementById("check-status");
  var counter = document.getElementById("check-count");
  var hint = document.getElementById("check-live-hint");
  var apiUrl = form.getAttribute("data-api-url");
  var limit = parseInt(form.getAttribute("data-max-length"), 10) || 4000;
  var DELAY = 700;
  var timer = null;
  var latest = 0;
  var lastSent = null;

  if (hint) {
    hint.hidden = false;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function lower(label) {
    return label.charAt(0).toLowerCase() + label.slice(1);
  }

  function summaryText(findings) {
    if (!findings.length) {
      return "Nothing found. That does not mean the post is safe: read it again as a " +
        "resident would, and ask if you are unsure.";
    }
    var kinds = [];
    findings.forEach(function (f) {
      var label = lower(f.kind_label);
      if (kinds.indexOf(label) < 0) {
        kinds.push(label);
      }
    });
    var list = kinds.length === 1 ? kinds[0]
      : kinds.slice(0, -1).join(", ") + " and " + kinds[kinds.length - 1];
    return findings.length + " possible concern" + (findings.length === 1 ? "" : "s") +
      " found: " + list + ". Each is listed below with the rule it comes from.";
  }

  function markedDraft(draft, findings) {
    var spans = findings.filter(function (f) { return f.end > f.start; });
    var cuts = [0, draft.length];
    spans.forEach(function (f) { cuts.push(f.start, f.end); });
    cuts = cuts.filter(function (c, i) { return cuts.indexOf(c) === i; })
      .sort(function (a, b) { return a - b; });
    var box = el("div", { "class": "draft-marked", id: "draft-marked" });
    for (var i = 0; i + 1 < cuts.length; i += 1) {
      var start = cuts[i];
      var end = cuts[i + 1];
      var covering = spans.filter(function (f) { return f.start <= start && end <= f.end; });
      covering.forEach(function (f) {
        if (f.start === start) {
          box.appendChild(el("a", { "class": "finding-label", href: "#finding-" + f.number },
            ["[" + f.number + ": " + f.kind_label + "]"]));
          box.appendChild(document.createTextNode(" "));
        }
      });
      var part = draft.slice(start, end);
      box.appendChild(covering.length ? el("mark", { "class": "finding-passage" }, [part])
        : document.createTextNode(part));
    }
    return box;
  }

  var MODEL_NOTE = "No listed word raised this: the check read the sentence as a whole, " +
    "and may be wrong.";

  function findingItem(f) {
    var item = el("li", { "class": "finding", id: "finding-" + f.number }, [
      el("h3", { "class": "h6 mb-1" }, [f.number + ". " + f.kind_label]),
      f.end ? el("p", { "class": "mb-1" }, ["About: ", el("q", {}, [f.excerpt])])
        : el("p", { "class": "mb-1" }, ["About the whole post."]),
      el("p", { "class": "mb-1" }, [f.explanation])
    ]);
    if (f.found_by === "model") {
      item.appendChild(el("p", { "class": "mb-1" }, [MODEL_NOTE]));
    }
    if (f.rule) {
      var words = f.rule.text.split(/\s+/);
      var ruleText = words.length > 30 ? words.slice(0, 30).join(" ") + " …" : f.rule.text;
      item.appendChild(el("p", { "class": "mb-0" }, [
        "The rule: ", el("a", { href: f.rule.url }, [f.rule.section]), ", ",
        el("span", { "class": "rule-kind" }, [f.rule.kind_label]), ": " + ruleText
      ]));
    }
    return item;
  }

  function draw(draft, findings) {
    findings.forEach(function (f, i) { f.number = i + 1; });
    while (results.lastChild && results.lastChild !== status) {
      results.removeChild(results.lastChild);
    }
    status.classList.remove("visually-hidden");
    status.textContent = summaryText(findings);
    results.appendChild(el("h2", { "class": "h4" }, ["Your draft"]));
    results.appendChild(markedDraft(draft, findings));
    if (findings.length) {
      results.appendChild(el("h2", { "class": "h4 mt-4" }, ["What may breach the protocol"]));
      results.appendChild(el("ol", { "class": "findings list-unstyled", id: "findings" },
        findings.map(findingItem)));
    }
  }

  function clear(message) {
    while (results.lastChild && results.lastChild !== status) {
      results.removeChild(results.lastChild);
    }
    status.textContent = message || "";
    status.classList.toggle("visually-hidden", !message);
  }

  function showCount() {
    if (!counter) {
      return;
    }
    var length = text.value.replace(/\r\n/g, "\n").length;
    counter.hidden = false;
    counter.textContent = length > limit
      ? "Too long to check: " + length.toLocaleString() + " characters; the limit is " +
        limit.toLocaleString() + "."
      : length.toLocaleString() + " of " + limit.toLocaleString() + " characters.";
  }

  function check() {
    var draft = text.value;
    var data = new FormData(form);
    data.delete("include_draft");
    var signature = JSON.stringify(Array.from(data.entries()));
    if (signature === lastSent) {
      return;
    }
    lastSent = signature;
    if (!draft.trim()) {
      clear("");
      return;
    }
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(draft)) {
      clear("Your post contains characters that are not text (it may have come from a " +
        "file rather than a post). Remove them and check again.");
      return;
    }
    if (draft.replace(/\r\n/g, "\n").length > limit) {
      clear("Your post is too long to check: use at most " + limit.toLocaleString() +
        " characters. Check it in parts.");
      return;
    }
    // Checks made as the member types are not counted in the weekly figures.
    data.append("live", "1");
    var ticket = latest += 1;
    fetch(apiUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", Accept: "application/json" }
    }).then(function (response) {
      return response.json().then(function (body) {
        return { ok: response.ok, body: body };
      });
    }).then(function (answer) {
      if (ticket !== latest) {
        return;  // a later check is on its way
      }
      if (answer.ok) {
        draw(draft, answer.body.findings);
      } else {
        clear(answer.body.detail || "The draft could not be checked. Press Check my post.");
        lastSent = null;
      }
    }).catch(function () {
      if (ticket === latest) {
        lastSent = null;
        clear("The draft could not be checked just now. Press Check my post to try again.");
      }
    });
  }

  function later() {
    showCount();
    window.clearTimeout(timer);
    timer = window.setTimeout(check, DELAY);
  }

  text.addEventListener("input", later);
  form.addEventListener("change", function (event) {
    if (event.target !== text) {
      later();
    }
  });
  // Back from a rule's page: the browser puts the draft back in the box, so
  // check it again (the results themselves are never cached).
  function recheckRestored() {
    if (text.value.trim() && !document.getElementById("findings")) {
      lastSent = null;
      later();
    }
  }
  window.addEventListener("pageshow", recheckRestored);
  showCount();
  recheckRestored();
})();
