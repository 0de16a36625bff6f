/* /help/help.js: optional. The server already rendered the page for one region; this re-renders
 * that block only when it is wrong for this visitor: the page came from a cache (service worker)
 * for another ?region=, or no region was chosen and the browser's time zone is in another country.
 * Only then does it fetch /help/data.json. Everything is built with DOM methods and textContent. */
(function () {
  "use strict";
  var main = document.getElementById("help");
  var block = document.getElementById("region-help");
  if (!main || !block || !window.fetch) return;
  var rendered = main.getAttribute("data-region") || "";
  var chosen = main.getAttribute("data-chosen") === "1";
  var zones = (main.getAttribute("data-zones") || "").split(" ");
  var wanted = (new URLSearchParams(location.search).get("region") || "").trim().toUpperCase();
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }

  if (wanted) {
    if (wanted !== rendered) withData(function (data) { show(data, wanted); });
  } else if (!chosen && zone && !/^(Etc\/|UTC$|GMT$)/.test(zone) && zones.indexOf(zone) < 0) {
    withData(function (data) {
      var country = data.time_zones[zone];
      if (country && country !== rendered && data.regions[country]) show(data, country);
    });
  }

  function withData(use) {
    fetch("/help/data.json", { credentials: "same-origin" })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(use)
      .catch(function () {
        if (wanted && wanted !== rendered) {
          var note = el("p", { "class": "note", role: "status" },
            "We couldn't load the numbers for that country just now. Call your local emergency number if you are in danger.");
          block.insertBefore(note, block.firstChild);
        }
      });
  }

  function show(data, code) {
    var region = data.regions[code];
    while (block.firstChild) block.removeChild(block.firstChild);
    if (!region) {
      block.appendChild(section("In danger right now?", [el("p", null,
        "Call your local emergency number now. Choose your country below to see its emergency numbers and crisis lines.")]));
      return;
    }
    block.appendChild(emergencySection(region));
    block.appendChild(linesSection(region, data.directory));
    main.setAttribute("data-region", code);
    var select = document.getElementById("region");
    if (select) select.value = code;
    document.title = "Get help now in " + region.place_name + " · Peerway";
  }

  function emergencySection(region) {
    var e = region.emergency, children = [];
    var dial = dialList(e);
    if (dial.length) {
      children.push(el("p", null, "If you or someone else might be hurt, or you can't keep yourself safe, call:"));
      children.push(el("ul", { "class": "dial" }, dial.map(function (item) {
        return el("li", null, [link("tel:" + digits(item[0]), "Call " + item[0], "btn"), " ", el("span", null, item[1])]);
      })));
    } else {
      children.push(el("p", null, "We could not list an emergency number for " + region.place_name +
        ". If there is a local emergency service where you are, call it now, or ask someone near you for help."));
    }
    if (e.note) children.push(el("p", { "class": "small" }, e.note));
    return section("In danger right now in " + region.place_name + "?", children, "card sos");
  }

  function dialList(e) {
    var reaches = {}, order = [];
    function add(number, what) {
      if (!number) return;
      if (!reaches[number]) { reaches[number] = []; order.push(number); }
      if (reaches[number].indexOf(what) < 0) reaches[number].push(what);
    }
    add(e.general, "all emergency services");
    (e.also || []).forEach(function (number) { add(number, "all emergency services"); });
    ["police", "ambulance", "fire"].forEach(function (service) {
      if (e[service] && e[service] !== e.general) add(e[service], service);
    });
    order.sort(function (a, b) { return (a !== e.call_first) - (b !== e.call_first); });
    return order.map(function (number) { return [number, reaches[number].join(", ")]; });
  }

  function linesSection(region, directory) {
    var children = [];
    if (region.lines.length) {
      children.push(el("ul", { "class": "lines" }, region.lines.map(lineCard)));
    } else {
      var first = region.emergency.call_first;
      children.push(el("p", { "class": "note" }, [
        "We don't list a verified crisis line for " + region.place_name + " yet. ",
        link(directory.url, directory.name),
        " lists free, confidential helplines in many countries." + (first ? " In an emergency, call " + first + "." : ""),
      ]));
    }
    return section("Someone to talk to in " + region.place_name, children);
  }

  function lineCard(line) {
    var acts = [];
    if (line.phone) acts.push(link("tel:" + digits(line.phone), "Call " + line.phone, "btn"));
    if (line.sms) {
      var body = line.sms_keyword ? "?body=" + encodeURIComponent(line.sms_keyword) : "";
      acts.push(link("sms:" + digits(line.sms) + body,
        line.sms_keyword ? "Text " + line.sms_keyword + " to " + line.sms : "Text " + line.sms, "btn quiet"));
    }
    if (line.chat_url) acts.push(link(line.chat_url, "Chat online", "btn quiet"));
    var facts = ["Open: " + (line.hours === "24/7" ? "24 hours, every day" : line.hours) +
      ". Languages: " + line.languages.map(languageName).join(", ") + "."];
    if (line.url) facts.push(" ", link(line.url, host(line.url)));
    return el("li", { "class": "card line" }, [
      el("h3", null, line.name),
      el("p", null, line.description),
      el("div", { "class": "acts" }, acts),
      el("p", { "class": "small" }, facts),
      el("p", { "class": "small" }, ["Source: ", link(line.source_url, host(line.source_url)), ", checked " + line.checked_on]),
    ]);
  }

  var headings = 0;
  function section(title, children, className) {
    var id = "help-heading-" + (++headings);
    var attributes = { "aria-labelledby": id };
    if (className) attributes["class"] = className;
    return el("section", attributes, [el("h2", { id: id }, title)].concat(children));
  }

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    [].concat(children === undefined || children === null ? [] : children).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function link(href, text, className) {
    // Only the schemes this page builds: web pages from the data, tel: and sms: from digits.
    var safe = /^(https?:\/\/|tel:|sms:)/.test(href) ? href : "#";
    var attributes = { href: safe };
    if (className) attributes["class"] = className;
    return el("a", attributes, text);
  }

  function digits(number) { return String(number).replace(/[^\d+]/g, ""); }

  function host(url) {
    try { return new URL(url).host.replace(/^www\./, ""); } catch (e) { return url; }
  }

  function languageName(code) {
    try { return new Intl.DisplayNames(["en"], { type: "language" }).of(code) || code; } catch (e) { return code; }
  }
})();
