/* Arnsberger Allianzen widget loader: <script src=".../embed/alliances.js" data-district="neheim" async></script>; data-view="wanted" shows "Wir suchen" instead of the alliances. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) {
    return;
  }
  var widgetOrigin = new URL(script.src).origin;
  var params = new URLSearchParams();
  ["view", "district", "topic", "age_group", "limit", "lang", "theme", "accent", "links"].forEach(function (name) {
    var value = script.getAttribute("data-" + name.replace("_", "-"));
    if (value) {
      params.set(name, value);
    }
  });
  params.set("origin", window.location.origin);
  var frame = document.createElement("iframe");
  frame.src = widgetOrigin + "/embed/alliances/?" + params.toString();
  frame.title = script.getAttribute("data-title") || "Arnsberger Allianzen";
  frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation");
  frame.style.width = "100%";
  frame.style.height = "24rem";
  frame.style.border = "0";
  frame.style.display = "block";
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener("message", function (event) {
    if (event.origin !== widgetOrigin || event.source !== frame.contentWindow) {
      return;
    }
    var data = event.data;
    if (!data || data.type !== "arnsberger-allianzen:resize") {
      return;
    }
    var height = Number(data.height);
    if (height > 0 && height < 20000) {
      frame.style.height = height + "px";
    }
  });
})();
