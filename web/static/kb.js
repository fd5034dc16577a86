/* Copiloto — the curator's pages (/kb, /kb/evals).
 *
 * Same scheme as the panel: the token comes from the URL fragment (#token=…,
 * cleared at once) or from the token form, lives in this closure only (never a
 * cookie, storage or the DOM) and goes on every htmx request as an
 * Authorization header. Links between the two pages carry it in the fragment,
 * which the browser never sends to the server.
 * No inline script anywhere: the CSP is default-src 'self'.
 */
(function () {
  'use strict';

  var MAX_UPLOAD = 20 * 1024 * 1024;
  var state = { token: null };
  var body = document.body;

  function byId(id) { return document.getElementById(id); }

  function say(text) {
    var status = byId('kb-status');
    if (status) status.textContent = text;
  }

  (function takeTokenFromFragment() {
    var hash = window.location.hash.replace(/^#/, '');
    if (!hash) return;
    var token = new URLSearchParams(hash).get('token');
    if (token) state.token = token;
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  })();

  function askForToken(message) {
    var form = byId('token-form');
    if (form) form.hidden = false;
    say(message || '');
    var input = byId('token-input');
    if (input) input.focus();
  }

  function signIn(token) {
    state.token = token;
    var form = byId('token-form');
    if (form) form.hidden = true;
    say('');
    htmx.trigger(body, 'copilot:auth');
  }

  function errorParagraph(text) {
    var p = document.createElement('p');
    p.className = 'error';
    p.setAttribute('role', 'alert');
    p.textContent = text;
    return p.outerHTML;
  }

  body.addEventListener('htmx:configRequest', function (event) {
    if (state.token) event.detail.headers.Authorization = 'Bearer ' + state.token;
  });

  // Errors answered as the contract's JSON (413 from the body limit, 5xx before a route) become a sentence.
  body.addEventListener('htmx:beforeSwap', function (event) {
    var xhr = event.detail.xhr;
    var type = xhr.getResponseHeader('Content-Type') || '';
    if (type.indexOf('application/json') === 0) {
      var message = 'Erro ' + xhr.status + '.';
      try { message = JSON.parse(xhr.responseText).error.message || message; } catch (e) { /* not ours */ }
      event.detail.serverResponse = errorParagraph(message);
      event.detail.shouldSwap = true;
    }
    if (xhr.status === 401) askForToken('O token foi recusado; informe um token de curador válido.');
  });

  body.addEventListener('htmx:sendError', function () {
    say('Sem conexão com o copiloto; tente de novo em instantes.');
  });

  body.addEventListener('htmx:beforeRequest', function (event) {
    var form = event.detail.elt;
    if (!form || form.id !== 'upload-form') return;
    var input = form.querySelector('input[type=file]');
    var file = input && input.files && input.files[0];
    if (file && file.size > MAX_UPLOAD) {
      event.preventDefault();
      byId('upload-job').innerHTML = errorParagraph('O arquivo “' + file.name + '” passa de 20 MB; divida-o ou comprima as imagens.');
    }
  });

  body.addEventListener('htmx:afterSwap', function (event) {
    var area = event.detail.target.querySelector ? event.detail.target.querySelector('textarea[data-problem-line]') : null;
    if (area) {
      var line = Number(area.getAttribute('data-problem-line'));
      var lines = area.value.split('\n');
      var start = lines.slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0);
      area.focus();
      area.setSelectionRange(start, start + (lines[line - 1] || '').length);
      area.scrollTop = Math.max(0, (line - 5) * 18);
    }
    if (event.detail.target.id === 'upload-job') {
      var upload = byId('upload-form');
      if (upload) upload.reset();
    }
  });

  document.addEventListener('click', function (event) {
    var link = event.target.closest ? event.target.closest('a[data-keep-token]') : null;
    if (link && state.token) {
      event.preventDefault();
      window.location.assign(link.getAttribute('href') + '#token=' + encodeURIComponent(state.token));
      return;
    }
    var space = event.target.closest ? event.target.closest('button.space-link') : null;
    if (space) {
      document.querySelectorAll('button.space-link').forEach(function (b) { b.removeAttribute('aria-current'); });
      space.setAttribute('aria-current', 'true');
    }
    var download = event.target.closest ? event.target.closest('button[data-download]') : null;
    if (download) saveReport(download.getAttribute('data-download'));
  });

  function saveReport(url) {
    fetch(url, { headers: state.token ? { Authorization: 'Bearer ' + state.token } : {} }).then(function (response) {
      if (!response.ok) throw new Error('status ' + response.status);
      return response.blob();
    }).then(function (blob) {
      var link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = 'relatorio-avaliacao.html';
      body.appendChild(link);
      link.click();
      body.removeChild(link);
      window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    }).catch(function () {
      say('Não foi possível baixar o relatório (rode uma avaliação antes).');
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var form = byId('token-form');
    if (form) {
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        var value = byId('token-input').value.trim();
        byId('token-input').value = '';
        if (value) signIn(value);
      });
    }
    window.setTimeout(function () {
      if (state.token) signIn(state.token);
      else askForToken('Informe um token de curador para continuar (ou abra a página com #token=… no endereço).');
    }, 0);
  });
})();
