/* Ask the Monitoring Officer, enhanced.
 *
 * Shows a fast path's guidance as soon as its topic is chosen, and the guidance
 * that may answer the question as the member types (from the search API). Once
 * the member has seen the suggestions for what they wrote, "Send my question"
 * sends it at once. Without this file the form works in two steps: the server
 * shows the same guidance on a "Does this answer your question?" page.
 *
 * "Send my question" stays the question form's only submit button, so Enter in
 * any field sends: the "Yes, this answers my question" button under the
 * suggestions submits a separate form. Threats and abuse never get that button,
 * and choosing a fast-path topic raises the urgency radio to the topic's own.
 */
(function () {
  "use strict";

  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }

  var form = document.getElementById("ask-form");
  if (!form) {
    return;
  }

  var topic = document.getElementById("id_topic");
  var panels = form.querySelectorAll("[data-fast-path-for]");
  var URGENCIES = ["normal", "high", "urgent"];
  var onTopicChange = [];

  function chosenPanel() {
    for (var i = 0; i < panels.length; i += 1) {
      if (topic && panels[i].getAttribute("data-fast-path-for") === topic.value) {
        return panels[i];
      }
    }
    return null;
  }

  function mayBeAnsweredByGuidance() {
    // Threats and abuse always go to the Monitoring Officer.
    var panel = chosenPanel();
    return !panel || panel.getAttribute("data-fast-path-kind") !== "abuse";
  }

  function raiseUrgency(panel) {
    // The page says a fast path is treated as urgent (or high): the radio says so too.
    var minimum = panel ? URGENCIES.indexOf(panel.getAttribute("data-minimum-urgency")) : -1;
    var checked = form.querySelector('input[name="urgency"]:checked');
    if (minimum < 0 || (checked && URGENCIES.indexOf(checked.value) >= minimum)) {
      return;
    }
    var radio = form.querySelector('input[name="urgency"][value="' + URGENCIES[minimum] + '"]');
    if (radio) {
      radio.checked = true;
    }
  }

  function showFastPath() {
    var chosen = chosenPanel();
    Array.prototype.forEach.call(panels, function (panel) {
      panel.hidden = panel !== chosen;
    });
    raiseUrgency(chosen);
    onTopicChange.forEach(function (callback) {
      callback();
    });
  }

  if (topic && panels.length) {
    topic.addEventListener("change", showFastPath);
    showFastPath();
  }

  var answeredForm = document.getElementById("answered-form");
  var answeredTopic = document.getElementById("answered-topic");
  if (answeredForm && answeredTopic) {
    answeredForm.addEventListener("submit", function () {
      answeredTopic.value = topic ? topic.value : "";
    });
  }

  var url = form.getAttribute("data-suggest-url");
  var csrfToken = form.querySelector('input[name="csrfmiddlewaretoken"]');
  var question = document.getElementById("id_question");
  var region = document.getElementById("live-suggestions");
  var submit = document.getElementById("ask-submit");
  var hint = document.getElementById("send-hint");
  if (!url || !question || !region || !submit || !window.fetch || !window.DOMParser) {
    return;
  }
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  region.parentNode.insertBefore(status, region);

  var originalHint = hint ? hint.textContent : "";
  var timer = null;
  var pending = null;

  function sendAtOnce(yes) {
    // The member has seen the guidance for exactly what they wrote: no second step.
    submit.value = yes ? "send" : "check";
    if (hint) {
      hint.textContent = yes ? "Pressing the button sends your question." : originalHint;
    }
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  // The markup of templates/protocol/includes/rule_kind.html: a rule shown out
  // of its section says what kind it is, or a don't reads as permission.
  function ruleKind(kind) {
    var label = element("span", "rule-kind rule-kind-" + kind.toLowerCase().replace(/'/g, "").replace(/[^a-z]+/g, "-"), kind + ":");
    return label;
  }

  function snippet(html, kind) {
    // Keep the highlighted words and nothing else of the snippet's markup.
    var paragraph = element("p", "snippet mb-0");
    if (kind) {
      paragraph.appendChild(ruleKind(kind));
      paragraph.appendChild(document.createTextNode(" "));
    }
    var parsed = new DOMParser().parseFromString(html || "", "text/html");
    Array.prototype.forEach.call(parsed.body.childNodes, function (node) {
      if (node.nodeName === "MARK") {
        paragraph.appendChild(element("mark", "", node.textContent));
      } else {
        paragraph.appendChild(document.createTextNode(node.textContent));
      }
    });
    return paragraph;
  }

  var shown = [];

  function show(results) {
    shown = results;
    region.textContent = "";
    if (!results.length) {
      status.textContent = "";
      return;
    }
    region.appendChild(element("h2", "h5", "Guidance that may answer your question"));
    var list = element("ul", "suggestions");
    results.forEach(function (result) {
      var item = element("li");
      var link = element("a", "", result.title);
      link.href = result.url;
      item.appendChild(link);
      if (result.snippet) {
        item.appendChild(snippet(result.snippet, result.kind));
      }
      list.appendChild(item);
    });
    region.appendChild(list);
    if (answeredForm && mayBeAnsweredByGuidance()) {
      region.appendChild(element("p", "mb-2", "Does this answer your question?"));
      var yes = element("button", "btn btn-outline-primary", "Yes, this answers my question");
      yes.type = "submit";
      yes.name = "action";
      yes.value = "answered";
      // It submits the separate "answered" form, so the question form's default
      // button (what Enter presses in any field) stays "Send my question".
      yes.setAttribute("form", answeredForm.id);
      region.appendChild(yes);
      region.appendChild(element("p", "form-text", "If not, carry on below and send it."));
    }
    status.textContent =
      results.length === 1
        ? "1 piece of guidance may answer your question."
        : results.length + " pieces of guidance may answer your question.";
  }

  function lookUp() {
    var words = question.value.trim();
    if (pending) {
      pending.abort();
    }
    if (words.length < 10) {
      show([]);
      return;
    }
    pending = new AbortController();
    // POST, not a query string: the question stays out of web-server access logs.
    fetch(url, {
      method: "POST",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken ? csrfToken.value : "" },
      body: new URLSearchParams({ limit: "3", q: words.slice(0, 500) }),
      credentials: "same-origin",
      signal: pending.signal,
    })
      .then(function (response) {
        return response.ok ? response.json() : Promise.reject(response.status);
      })
      .then(function (data) {
        if (question.value.trim() !== words) {
          return;
        }
        var results = (data.results || []).filter(function (result) {
          return !result.superseded;
        });
        show(results.slice(0, 3));
        // Seen the guidance: no second step. Nothing found: the server decides
        // (a fast-path topic still gets its check step).
        sendAtOnce(results.length > 0);
      })
      .catch(function () {
        // No suggestions as they type; the server's check step still shows them.
      });
  }

  onTopicChange.push(function () {
    show(shown);
  });

  question.addEventListener("input", function () {
    sendAtOnce(false);
    window.clearTimeout(timer);
    timer = window.setTimeout(lookUp, 500);
  });
})();
