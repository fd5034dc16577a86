/* Copiloto — the panel's own script (panel side of the bridge).
 *
 * - The token comes from the URL fragment (#token=…, cleared at once) or from the
 *   host's postMessage; it lives in this closure only (never a cookie, localStorage
 *   or the DOM) and is added to htmx requests as an Authorization header.
 * - The ticket comes from the page (query parameters, POST) or from the host:
 *   {type: "copilot:ticket", ticket, token?}, or Chatwoot's {event: "appContext"}.
 *   Messages are accepted only from the parent window and an allowed origin
 *   (data-allowed-origins, from Settings.allowed_frame_origins, plus our own).
 * - The panel asks the host to insert text with {type: "copilot:insert", text},
 *   posted only to the host's (allowed) origin.
 * No inline script anywhere: the CSP is default-src 'self'.
 */
(function () {
  'use strict';

  var body = document.body;
  var ownOrigin = window.location.origin;
  var allowed = (body.getAttribute('data-allowed-origins') || '').split(/\s+/).filter(Boolean);
  // hostOrigin: the origin of the host that sent the ticket; bridged: that host speaks
  // the copilot bridge (Chatwoot does not, so "inserir" copies instead).
  var state = { token: null, hostOrigin: null, bridged: false, loadedKey: '' };

  // htmx notes the page's path (with the ticket's query) in sessionStorage for its
  // history feature, which the panel never uses: nothing of the ticket stays behind.
  try { window.sessionStorage.removeItem('htmx-current-path-for-history'); } catch (e) { /* storage blocked */ }

  (function takeTokenFromFragment() {
    var hash = window.location.hash.replace(/^#/, '');
    if (!hash) return;
    var token = new URLSearchParams(hash).get('token');
    if (token) state.token = token;
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  })();

  function matches(pattern, origin) {
    if (pattern === origin) return true;
    var wildcard = /^(https?):\/\/\*\.([^/]+)$/.exec(pattern);
    if (!wildcard) return false;
    try {
      var url = new URL(origin);
      return url.protocol === wildcard[1] + ':' && url.host.slice(-(wildcard[2].length + 1)) === '.' + wildcard[2];
    } catch (e) {
      return false;
    }
  }

  function originAllowed(origin) {
    if (!origin || origin === 'null') return false;
    if (origin === ownOrigin) return true;
    return allowed.some(function (pattern) { return matches(pattern, origin); });
  }

  function byId(id) { return document.getElementById(id); }

  function say(text) {
    var status = byId('panel-status');
    if (status) status.textContent = text;
  }

  function embedded() { return window.parent !== window; }

  function parentOrigin() {
    if (state.hostOrigin) return state.hostOrigin;
    var ancestors = window.location.ancestorOrigins;
    if (ancestors && ancestors.length && originAllowed(ancestors[0])) return ancestors[0];
    var concrete = allowed.filter(function (o) { return o.indexOf('*') < 0; });
    return concrete.length === 1 ? concrete[0] : ownOrigin;
  }

  function load() {
    if (!byId('ticket-json').value) return;
    if (!state.token) {
      say('O painel ainda não recebeu um token de acesso. Abra-o pelo helpdesk ou pela página /demo.');
      return;
    }
    htmx.trigger(body, 'copilot:load');
    var draft = byId('draft');
    if (draft && draft.value.trim()) htmx.trigger(draft, 'copilot:recheck');
  }

  function showTicket(ticket) {
    var title = byId('ticket-title');
    var text = (ticket.id ? '#' + ticket.id + ' · ' : '') + (ticket.subject || ticket.description || '');
    if (title) title.textContent = text.length > 100 ? text.slice(0, 99) + '…' : text;
    var space = byId('space-name');
    if (space) space.textContent = ticket.space;
  }

  function sameTicket(a, b) { return a && b && a.space === b.space && String(a.id) === String(b.id); }

  // A new ticket: nothing of the previous one may stay on screen (a stale reply
  // could be inserted into the wrong ticket).
  function resetParts(previous, ticket) {
    document.querySelectorAll('.part-body[hx-post]').forEach(function (part) {
      part.innerHTML = '<p class="placeholder">Carregando…</p>';
    });
    if (!sameTicket(previous, ticket)) {
      byId('draft').value = '';
      byId('draft-findings').innerHTML = '<p class="placeholder">Os problemas do rascunho aparecem aqui, com a regra e a correção.</p>';
    }
  }

  function acceptTicket(ticket, token, origin, bridged) {
    if (!ticket || typeof ticket !== 'object' || typeof ticket.space !== 'string' || !ticket.space) {
      say('O helpdesk enviou uma mensagem sem um ticket válido (falta o espaço).');
      return;
    }
    if (typeof token === 'string' && token) state.token = token;
    state.hostOrigin = origin;
    state.bridged = bridged;
    var json = JSON.stringify(ticket);
    var key = json + '\n' + (state.token || '');
    if (key === state.loadedKey) return;
    state.loadedKey = key;
    var previous = null;
    try { previous = JSON.parse(byId('ticket-json').value || 'null'); } catch (e) { previous = null; }
    if (previous) resetParts(previous, ticket);
    byId('ticket-json').value = json;
    byId('draft-space').value = ticket.space;
    body.setAttribute('data-space', ticket.space);
    showTicket(ticket);
    say('');
    load();
  }

  window.addEventListener('message', function (event) {
    if (event.source !== window.parent || !originAllowed(event.origin)) return;
    var data = event.data;
    if (typeof data === 'string') {
      try { data = JSON.parse(data); } catch (e) { return; }
    }
    if (!data || typeof data !== 'object') return;
    if (data.type === 'copilot:ticket') {
      acceptTicket(data.ticket, data.token, event.origin, true);
    } else if (data.event === 'appContext' && window.CopilotChatwoot) {
      acceptTicket(window.CopilotChatwoot.toTicket(data.data, body.getAttribute('data-space')), null, event.origin, false);
    }
  });

  body.addEventListener('htmx:configRequest', function (event) {
    if (state.token) event.detail.headers.Authorization = 'Bearer ' + state.token;
  });

  body.addEventListener('htmx:sendError', function () {
    say('Sem conexão com o copiloto; tente de novo em instantes.');
  });

  function copy(text, source, done) {
    var copied = done || 'Copiado.';
    function fallback() {
      var area = source && source.tagName === 'TEXTAREA' ? source : null;
      if (!area) {
        area = document.createElement('textarea');
        area.value = text;
        area.setAttribute('readonly', '');
        area.className = 'offscreen';
        body.appendChild(area);
      }
      area.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      if (area !== source) body.removeChild(area);
      say(ok ? copied : 'Não foi possível copiar: selecione o texto e use Ctrl+C.');
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { say(copied); }, fallback);
    } else {
      fallback();
    }
  }

  function insert(text, source) {
    if (!embedded() || !state.bridged) {
      copy(text, source, 'Este helpdesk não recebe texto do painel: copiado, cole com Ctrl+V.');
      return;
    }
    window.parent.postMessage({ type: 'copilot:insert', text: text }, parentOrigin());
    say('Texto enviado ao editor do helpdesk.');
  }

  function recheck(draft, start, end) {
    draft.focus();
    if (typeof start === 'number') draft.setSelectionRange(start, end);
    htmx.trigger(draft, 'copilot:recheck');
  }

  function applyFix(button) {
    var draft = byId('draft');
    var start = Number(button.getAttribute('data-start'));
    var end = Number(button.getAttribute('data-end'));
    var text = button.getAttribute('data-text');
    var suggestion = button.getAttribute('data-suggestion');
    if (draft.value.slice(start, end) !== text) {
      say('O rascunho mudou desde a revisão; revisando de novo.');
      recheck(draft);
      return;
    }
    draft.value = draft.value.slice(0, start) + suggestion + draft.value.slice(end);
    say('Correção aplicada.');
    recheck(draft, start + suggestion.length, start + suggestion.length);
  }

  function applyAll(button) {
    var draft = byId('draft');
    if (draft.value !== button.getAttribute('data-draft')) {
      say('O rascunho mudou desde a revisão; revisando de novo.');
      recheck(draft);
      return;
    }
    draft.value = button.getAttribute('data-fixed');
    say('Correções seguras aplicadas.');
    recheck(draft, draft.value.length, draft.value.length);
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('button') : null;
    if (!button) return;
    var source;
    if (button.hasAttribute('data-copy')) {
      source = document.querySelector(button.getAttribute('data-copy'));
      if (source) copy(source.value, source);
    } else if (button.hasAttribute('data-insert')) {
      source = document.querySelector(button.getAttribute('data-insert'));
      if (source) insert(source.value, source);
    } else if (button.hasAttribute('data-to-draft')) {
      source = document.querySelector(button.getAttribute('data-to-draft'));
      var draft = byId('draft');
      if (source && draft) {
        draft.value = source.value;
        recheck(draft, 0, 0);
      }
    } else if (button.classList.contains('apply-fix')) {
      applyFix(button);
    } else if (button.classList.contains('apply-all')) {
      applyAll(button);
    }
  });

  window.CopilotPanel = { originAllowed: originAllowed };

  document.addEventListener('DOMContentLoaded', function () {
    window.setTimeout(function () {
      if (embedded()) {
        var target = parentOrigin();
        window.parent.postMessage({ type: 'copilot:ready' }, target);
        window.parent.postMessage('chatwoot-dashboard-app:fetch-info', target);
      }
      if (body.getAttribute('data-loaded') !== 'true') load();
    }, 0);
  });
})();
