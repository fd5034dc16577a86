/* Copiloto — the demo helpdesk: pick a sample ticket, send it to the panel through
 * the bridge (bridge.js), and receive "inserir" into the reply editor. */
(function () {
  'use strict';

  var body = document.body;
  var samples = JSON.parse(document.getElementById('demo-tickets').textContent);
  var iframe = document.getElementById('copilot-panel');
  var editor = document.getElementById('reply-editor');
  var status = document.getElementById('demo-status');
  var tokenInput = document.getElementById('demo-token');
  var token = body.getAttribute('data-panel-token') || '';
  body.removeAttribute('data-panel-token');
  var current = 0;

  var bridge = CopilotBridge.connect(iframe, {
    token: token,
    onInsert: function (text) {
      editor.value = editor.value.trim() ? editor.value.replace(/\s+$/, '') + '\n\n' + text : text;
      status.textContent = 'O copiloto inseriu um texto na resposta.';
    }
  });

  function pick(index) {
    current = index;
    document.querySelectorAll('.demo-ticket').forEach(function (article, i) { article.hidden = i !== index; });
    document.querySelectorAll('.pick').forEach(function (button, i) {
      button.setAttribute('aria-pressed', i === index ? 'true' : 'false');
    });
    editor.value = '';
    status.textContent = '';
    bridge.sendTicket(samples[index].ticket);
  }

  document.querySelectorAll('.pick').forEach(function (button) {
    button.addEventListener('click', function () { pick(Number(button.getAttribute('data-index'))); });
  });

  if (tokenInput) {
    tokenInput.addEventListener('change', function () {
      bridge.setToken(tokenInput.value.trim());
      bridge.sendTicket(samples[current].ticket);
    });
  }

  if (samples.length) pick(0);
})();
