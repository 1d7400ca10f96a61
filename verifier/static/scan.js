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
    // Only ever navigate to this site's own /C/ page (never to a URL taken from the code).
    var match = /\/C\/([0-9]+)\s*$/i.exec(text) || /^([0-9]+)$/.exec(text.trim());
    return match ? "/C/" + match[1] : null;
  }
  document.getElementById("start-scan").addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream; video.hidden = false; video.play();
      status.textContent = "正在扫描… scanning";
      var tick = function () {
        detector.detect(video).then(function (codes) {
          var url = codes.length ? target(codes[0].rawValue) : null;
          if (url) { stream.getTracks().forEach(function (t) { t.stop(); }); window.location.assign(url); }
          else { window.requestAnimationFrame(tick); }
        }).catch(function () { window.requestAnimationFrame(tick); });
      };
      tick();
    }).catch(function () { status.textContent = "无法打开摄像头，请上传照片 camera unavailable: upload a photo"; });
  });
}());
