// Mobile ticket: follow the ticket by Server-Sent Events; vibrate and beep once it is called.
(function () {
  "use strict";
  var box = document.getElementById("ve");
  if (!box || !window.EventSource) { return; }
  var $ = function (id) { return document.getElementById(id); };
  var audio = null;
  var wasCalled = box.classList.contains("is-called");
  var soundButton = $("bat-am");
  var AudioCtx = window.AudioContext || window.webkitAudioContext;

  if (AudioCtx && soundButton) {
    soundButton.hidden = false;
    soundButton.addEventListener("click", function () {
      audio = audio || new AudioCtx();
      audio.resume();
      soundButton.textContent = "Đã bật âm báo";
      soundButton.disabled = true;
    });
  }

  function beep() {
    if (!audio) { return; }
    [0, 0.45, 0.9].forEach(function (at) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.3;
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start(audio.currentTime + at);
      osc.stop(audio.currentTime + at + 0.3);
    });
  }

  function text(id, value) { var el = $(id); if (el) { el.textContent = value; } }

  function minutes(m) {
    if (m === null || m === undefined) { return "chưa ước tính được"; }
    if (m < 1) { return "dưới 1 phút"; }
    var h = Math.floor(m / 60), r = m % 60;
    return "khoảng " + (h ? h + " giờ" + (r ? " " + r + " phút" : "") : r + " phút");
  }

  function show(t) {
    text("so", t.number);
    text("dich-vu", t.service);
    text("trang-thai", t.status_text);
    $("moi").hidden = !t.call_text;
    text("moi", t.call_text || "");
    $("cho").hidden = t.people_ahead === null;
    text("truoc", t.people_ahead === null ? "" : String(t.people_ahead));
    text("du-kien", minutes(t.estimate_minutes));
    text("cap-nhat", t.updated_at.slice(11, 19));
    box.classList.toggle("is-called", t.called);
    if (t.call_text && !wasCalled) {
      document.title = t.call_text;
      if (navigator.vibrate) { navigator.vibrate([400, 150, 400, 150, 400]); }
      beep();
    }
    wasCalled = !!t.call_text;
  }

  var source = new EventSource(box.getAttribute("data-stream"));
  source.addEventListener("error", function () { $("truc-tiep").hidden = true; });
  source.addEventListener("ticket", function (e) {
    var t = JSON.parse(e.data);
    box.setAttribute("data-live", "on");
    $("truc-tiep").hidden = false;
    show(t);
    if (t.finished) { source.close(); $("truc-tiep").hidden = true; }
  });
}());
