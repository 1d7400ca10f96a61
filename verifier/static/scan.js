// Progressive enhancement: camera scanning where the browser has BarcodeDetector.
// Without it (or without JavaScript) the upload form does the same job on the server.
(function () {
  "use strict";
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) { return; }
  var box = document.getElementById("camera");
  var video = document.getElementById("preview");
  var status = document.getElementById("scan-status");
  box.hidden = false;
  function target(text) {
    // Only ever navigate to this site's own /C/ page (never to a URL taken from the code), and
    // only for a code of this site. A code under any other address goes to the server as text,
    // which refuses it as foreign_host (docs/FORMAT.md 5.2): null means "not a code at all".
    var raw = text.trim();
    if (/^[0-9]+$/.test(raw)) { return { page: "/C/" + raw }; }
    var match = /^(.*)\/C\/([0-9]+)$/i.exec(raw);
    if (!match) { return null; }
    var origin = null;
    try { origin = new URL(match[1] + "/").origin; } catch (e) { origin = null; }
    return origin === window.location.origin ? { page: "/C/" + match[2] } : { text: raw };
  }
  function submitText(raw) {
    document.getElementById("text").value = raw;
    // the form's button is id="submit", which shadows form.submit: call the prototype's
    HTMLFormElement.prototype.submit.call(document.getElementById("upload-form"));
  }
  document.getElementById("start-scan").addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream; video.hidden = false; video.play();
      status.textContent = "正在扫描… scanning";
      var tick = function () {
        detector.detect(video).then(function (codes) {
          var found = codes.length ? target(codes[0].rawValue) : null;
          if (!found) { window.requestAnimationFrame(tick); return; }
          stream.getTracks().forEach(function (t) { t.stop(); });
          if (found.page) { window.location.assign(found.page); } else { submitText(found.text); }
        }).catch(function () { window.requestAnimationFrame(tick); });
      };
      tick();
    }).catch(function () { status.textContent = "无法打开摄像头，请上传照片 camera unavailable: upload a photo"; });
  });
}());
