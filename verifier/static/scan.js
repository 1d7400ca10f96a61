// Camera scanning on /verify, as progressive enhancement: without JavaScript (or without a
// camera) the upload form does the same job on the server.
//
// Decoder: the browser's BarcodeDetector where it reads QR codes (Chromium on Android, macOS,
// ChromeOS); everywhere else (Safari, WeChat's browser, Firefox, Chromium on Windows/Linux) the
// vendored jsQR (verifier/static/vendor/jsqr, pinned), loaded only when the button is pressed.
// Frames are taken about 8 times a second, large frames scaled down first; the camera stops as
// soon as a code is found, when the visitor stops it, or when the page is left.
(function () {
  "use strict";
  var DECODER_URL = "/verify/static/vendor/jsqr-1.4.0.js";
  var FRAME_MS = 125;        // ~8 frames a second
  var MAX_SIDE = 800;        // longer side of the frame handed to jsQR, in pixels
  var box = document.getElementById("camera");
  var button = document.getElementById("start-scan");
  var video = document.getElementById("preview");
  var status = document.getElementById("scan-status");
  if (!box || !button || !video || !status) { return; }
  var english = (document.documentElement.lang || "").toLowerCase().indexOf("en") === 0;
  var startLabel = button.textContent;
  var stopLabel = english ? "Stop scanning" : "停止扫码";
  var stream = null;
  var timer = null;
  var running = false;
  var canvas = null;
  var jsqrLoading = null;
  box.hidden = false;
  video.style.background = "#000";

  function say(zh, en, bad) {
    // Chinese first with an English gloss; the English page shows English only.
    status.textContent = english ? en : zh + " " + en;
    status.className = bad ? "bad" : "";
    // styled from here, not by a <style> in the page: a strict style-src CSP allows this
    status.style.color = bad ? "#b3261e" : "";
    status.style.fontWeight = bad ? "600" : "";
  }

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

  function stop() {
    running = false;
    if (timer !== null) { window.clearTimeout(timer); timer = null; }
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
    video.pause();
    video.srcObject = null;
    video.hidden = true;
    button.textContent = startLabel;
  }

  function found(text) {
    var where = target(text);
    if (!where) {
      say("这个二维码不是教师资格证书电子证照的二维码，请对准证书上的二维码。",
          "This QR code is not a certificate's code: point the camera at the certificate's QR code.",
          true);
      return false;
    }
    stop();
    say("已识别二维码，正在核验…", "QR code found, verifying…", false);
    if (where.page) { window.location.assign(where.page); } else { submitText(where.text); }
    return true;
  }

  // --- decoders: each takes the playing video and resolves to the QR text or null ---

  function nativeDecoder() {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    return function () {
      return detector.detect(video).then(function (codes) {
        return codes.length ? String(codes[0].rawValue) : null;
      });
    };
  }

  function jsqrDecoder() {
    canvas = canvas || document.createElement("canvas");
    var context = canvas.getContext("2d", { willReadFrequently: true });
    return function () {
      var w = video.videoWidth, h = video.videoHeight;
      if (video.readyState < 2 || !w || !h) { return Promise.resolve(null); }
      var scale = Math.min(1, MAX_SIDE / Math.max(w, h));
      var cw = Math.round(w * scale), ch = Math.round(h * scale);
      if (canvas.width !== cw || canvas.height !== ch) { canvas.width = cw; canvas.height = ch; }
      context.drawImage(video, 0, 0, cw, ch);
      var frame = context.getImageData(0, 0, cw, ch);
      var code = window.jsQR(frame.data, cw, ch, { inversionAttempts: "dontInvert" });
      return Promise.resolve(code && code.data ? code.data : null);
    };
  }

  function loadJsqr() {
    if (window.jsQR) { return Promise.resolve(); }
    if (jsqrLoading) { return jsqrLoading; }
    jsqrLoading = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = DECODER_URL;
      script.async = true;
      script.onload = function () { if (window.jsQR) { resolve(); } else { reject(new Error("jsQR")); } };
      script.onerror = function () { jsqrLoading = null; reject(new Error("jsQR")); };
      document.head.appendChild(script);
    });
    return jsqrLoading;
  }

  function nativeReadsQr() {
    if (!("BarcodeDetector" in window)) { return Promise.resolve(false); }
    var formats = window.BarcodeDetector.getSupportedFormats;
    if (typeof formats !== "function") { return Promise.resolve(true); }
    return formats.call(window.BarcodeDetector).then(function (list) {
      return list.indexOf("qr_code") >= 0;
    }, function () { return false; });
  }

  function chooseDecoder() {
    return nativeReadsQr().then(function (native) {
      if (native) {
        try { return nativeDecoder(); } catch (e) { /* fall through to jsQR */ }
      }
      return loadJsqr().then(jsqrDecoder);
    });
  }

  function cameraError(error) {
    var name = error && error.name;
    if (name === "NotAllowedError" || name === "PermissionDeniedError" || name === "SecurityError") {
      say("摄像头权限被拒绝。请在浏览器设置中允许本网站使用摄像头后重试，或上传证书照片。",
          "Camera permission was denied. Allow this site to use the camera in your browser's settings and try again, or upload a photo of the certificate.",
          true);
    } else if (name === "NotFoundError" || name === "DevicesNotFoundError" ||
               name === "OverconstrainedError") {
      say("没有找到摄像头。请上传证书照片、截图或 PDF。",
          "No camera was found. Upload a photo, screenshot or the PDF instead.", true);
    } else if (name === "NotReadableError" || name === "TrackStartError") {
      say("摄像头正被其他应用使用。请关闭其他应用后重试，或上传证书照片。",
          "The camera is in use by another app. Close it and try again, or upload a photo.", true);
    } else {
      say("无法打开摄像头。请上传证书照片、截图或 PDF。",
          "The camera could not be opened. Upload a photo, screenshot or the PDF instead.", true);
    }
  }

  function scanLoop(decode) {
    var busy = false;
    var tick = function () {
      timer = null;
      if (!running) { return; }
      if (!busy) {
        busy = true;
        decode().then(function (text) {
          busy = false;
          if (running && !(text && found(text))) { schedule(); }
        }, function () { busy = false; if (running) { schedule(); } });
        return;
      }
      schedule();
    };
    var schedule = function () { timer = window.setTimeout(tick, FRAME_MS); };
    schedule();
  }

  function start() {
    if (!window.isSecureContext) {
      say("摄像头扫码需要安全连接（https）。请用 https:// 地址打开本页，或上传证书照片。",
          "Camera scanning needs a secure connection (https). Open this page over https://, or upload a photo.",
          true);
      return;
    }
    if (!navigator.mediaDevices || typeof navigator.mediaDevices.getUserMedia !== "function") {
      say("此浏览器不支持摄像头扫码。请上传证书照片、截图或 PDF。",
          "This browser cannot scan with the camera. Upload a photo, screenshot or the PDF instead.",
          true);
      return;
    }
    running = true;
    button.textContent = stopLabel;
    say("正在打开摄像头…", "Opening the camera…", false);
    var decoderReady = chooseDecoder();
    navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 },
               height: { ideal: 720 } }
    }).then(function (media) {
      if (!running) { media.getTracks().forEach(function (t) { t.stop(); }); return null; }
      stream = media;
      video.srcObject = media;
      video.hidden = false;
      var playing = video.play();
      if (playing && playing.catch) { playing.catch(function () { /* autoplay rules */ }); }
      return decoderReady.then(function (decode) {
        if (!running) { return; }
        say("正在扫描：请将证书上的二维码对准取景框。",
            "Scanning: hold the certificate's QR code in the frame.", false);
        scanLoop(decode);
      }, function () {
        stop();
        say("扫码组件加载失败。请刷新页面重试，或上传证书照片。",
            "The QR decoder could not be loaded. Reload the page and try again, or upload a photo.",
            true);
      });
    }).catch(function (error) { stop(); cameraError(error); });
  }

  button.addEventListener("click", function () {
    if (running) { stop(); say("已停止扫码。", "Scanning stopped.", false); } else { start(); }
  });
  // leaving the page (or the tab going to the background) releases the camera
  window.addEventListener("pagehide", stop);
  document.addEventListener("visibilitychange", function () {
    if (document.hidden && running) { stop(); say("已停止扫码。", "Scanning stopped.", false); }
  });
}());
