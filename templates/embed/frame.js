/* Inside the widget frame: tell the embedding page (only its origin) how tall we are. */
(function () {
  "use strict";
  var origin = document.body.getAttribute("data-parent-origin");
  if (!origin || window.parent === window) {
    return;
  }
  var last = 0;
  function send() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "arnsberger-allianzen:resize", height: height }, origin);
    }
  }
  if ("ResizeObserver" in window) {
    new ResizeObserver(send).observe(document.documentElement);
  }
  window.addEventListener("load", send);
  send();
})();
