/* As-you-type suggestions for every search box with data-suggest.
   Progressive enhancement: without this file the boxes are plain GET forms.
   The suggestions are asked for by POST, so the words never reach an access log.
   The pattern is the ARIA combobox with a listbox popup: arrow keys move
   through the suggestions, Enter opens one, Escape closes the list. */
(function () {
  "use strict";

  var DELAY = 200;
  var MIN_LENGTH = 2;
  var counter = 0;
  var token = null;

  /* The CSRF token for the POSTs, asked for once, when a box is first used:
     the pages anyone may read carry none, and the cookie is HttpOnly. */
  function csrfToken(input) {
    if (!token) {
      token = fetch(input.dataset.suggestToken, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.ok ? response.json() : Promise.reject(response.status);
        })
        .then(function (data) {
          return data.csrf_token;
        });
      token.catch(function () {
        token = null; /* try again next time */
      });
    }
    return token;
  }

  function enhance(input) {
    counter += 1;
    var listId = "search-suggestions-" + counter;
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "search-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.parentNode.classList.add("search-suggest-host");
    input.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var timer = null;
    var active = -1;
    var lastQuery = "";
    var controller = null;

    function options() {
      return list.querySelectorAll("[role=option]");
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var items = options();
      if (!items.length) return;
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) {
        item.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function show(results) {
      list.textContent = "";
      results.forEach(function (hit, i) {
        var item = document.createElement("li");
        item.id = listId + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.dataset.url = hit.url;
        var title = document.createElement("span");
        title.className = "suggestion-title";
        title.textContent = (hit.section ? hit.section + ". " : "") + hit.title;
        var where = document.createElement("span");
        where.className = "suggestion-document";
        where.textContent = hit.document_title;
        item.appendChild(title);
        if (hit.kind) {
          /* The rule the suggestion opens, with its kind (as
             templates/protocol/includes/rule_kind.html shows it). */
          var rule = document.createElement("span");
          rule.className = "suggestion-rule";
          var kind = document.createElement("span");
          kind.className = "rule-kind rule-kind-" + hit.kind.toLowerCase().replace(/'/g, "").replace(/[^a-z]+/g, "-");
          kind.textContent = hit.kind + ":";
          rule.appendChild(kind);
          var text = new DOMParser().parseFromString(hit.snippet || "", "text/html").body.textContent;
          rule.appendChild(document.createTextNode(" " + text));
          item.appendChild(rule);
        }
        item.appendChild(where);
        item.addEventListener("mousedown", function (event) {
          event.preventDefault(); /* keep focus in the box until we navigate */
          window.location.assign(hit.url);
        });
        list.appendChild(item);
      });
      status.textContent = results.length
        ? results.length + " suggestion" + (results.length === 1 ? "" : "s") + ", use the arrow keys to choose"
        : "";
      if (results.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        active = -1;
      } else {
        close();
      }
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query.length < MIN_LENGTH) {
        close();
        lastQuery = query;
        return;
      }
      if (query === lastQuery && !list.hidden) return;
      lastQuery = query;
      if (controller) controller.abort();
      controller = "AbortController" in window ? new AbortController() : null;
      var signal = controller ? controller.signal : undefined;
      /* POST, not a query string: what members type stays out of access logs. */
      csrfToken(input)
        .then(function (token) {
          return fetch(input.dataset.suggest, {
            method: "POST",
            headers: { Accept: "application/json", "X-CSRFToken": token },
            body: new URLSearchParams({ q: input.value }),
            credentials: "same-origin",
            signal: signal,
          });
        })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (input.value.trim() === query) show(data.results || []);
        })
        .catch(function () {
          /* no suggestions: the form still works */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        if (list.hidden) {
          fetchSuggestions();
        } else {
          highlight(active + 1);
        }
        event.preventDefault();
      } else if (event.key === "ArrowUp" && !list.hidden) {
        highlight(active - 1);
        event.preventDefault();
      } else if (event.key === "Escape" && !list.hidden) {
        close();
        event.preventDefault();
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        window.location.assign(options()[active].dataset.url);
      }
    });
    input.addEventListener("blur", function () {
      window.setTimeout(close, 100);
    });
  }

  function start() {
    if (!("fetch" in window)) return;
    document.querySelectorAll("input[data-suggest]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
