/* Ask the Monitoring Officer, enhanced.
 *
 * Shows a fast path's guidance as soon as its topic is chosen, and the guidance
 * that may answer the question as the member types (from the search API). Once
 * the member has seen the suggestions for what they wrote, "Send my question"
 * sends it at once. Without this file the form works in two steps: the server
 * shows the same guidance on a "Does this answer your question?" page.
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

  function showFastPath() {
    Array.prototype.forEach.call(panels, function (panel) {
      panel.hidden = panel.getAttribute("data-fast-path-for") !== topic.value;
    });
  }

  if (topic && panels.length) {
    topic.addEventListener("change", showFastPath);
    showFastPath();
  }

  var url = form.getAttribute("data-suggest-url");
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

  function snippet(html) {
    // Keep the highlighted words and nothing else of the snippet's markup.
    var paragraph = element("p", "snippet mb-0");
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

  function show(results) {
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
        item.appendChild(snippet(result.snippet));
      }
      list.appendChild(item);
    });
    region.appendChild(list);
    region.appendChild(element("p", "mb-2", "Does this answer your question?"));
    var yes = element("button", "btn btn-outline-primary", "Yes, this answers my question");
    yes.type = "submit";
    yes.name = "action";
    yes.value = "answered";
    region.appendChild(yes);
    region.appendChild(element("p", "form-text", "If not, carry on below and send it."));
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
    var address = url + "?limit=3&q=" + encodeURIComponent(words.slice(0, 500));
    fetch(address, {
      headers: { Accept: "application/json" },
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

  question.addEventListener("input", function () {
    sendAtOnce(false);
    window.clearTimeout(timer);
    timer = window.setTimeout(lookUp, 500);
  });
})();
