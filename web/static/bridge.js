/* Copiloto — the host side of the panel bridge (for helpdesk pages and apps).
 *
 *   var bridge = CopilotBridge.connect(iframe, {
 *     token: 'pt.…',                              // optional: sent with the ticket, kept in the panel's memory
 *     onInsert: function (text) { editor.append(text); }
 *   });
 *   bridge.sendTicket(ticket);                    // the contract's Ticket (space + subject/description …)
 *
 * Messages (window.postMessage, structured clone):
 *   host → panel  {type: "copilot:ticket", ticket, token?}
 *   panel → host  {type: "copilot:ready"}           the panel is listening (the bridge re-sends the ticket)
 *   panel → host  {type: "copilot:insert", text}    put text into the reply editor
 * The bridge posts only to the panel's origin (taken from iframe.src) and accepts
 * only messages whose source is that iframe and whose origin is the panel's.
 * The panel, in turn, accepts only the origins in COPILOT_ALLOWED_FRAME_ORIGINS.
 */
(function (global) {
  'use strict';

  function connect(iframe, options) {
    var opts = options || {};
    var panelOrigin = opts.panelOrigin || new URL(iframe.getAttribute('src') || iframe.src, global.location.href).origin;
    var token = opts.token || null;
    var last = null;

    function post() {
      if (!last || !iframe.contentWindow) return;
      var message = { type: 'copilot:ticket', ticket: last };
      if (token) message.token = token;
      iframe.contentWindow.postMessage(message, panelOrigin);
    }

    function onMessage(event) {
      if (event.source !== iframe.contentWindow || event.origin !== panelOrigin) return;
      var data = event.data;
      if (!data || typeof data !== 'object') return;
      if (data.type === 'copilot:ready') {
        post();
      } else if (data.type === 'copilot:insert' && typeof data.text === 'string' && opts.onInsert) {
        opts.onInsert(data.text);
      }
    }

    global.addEventListener('message', onMessage);
    iframe.addEventListener('load', post);

    return {
      panelOrigin: panelOrigin,
      sendTicket: function (ticket, newToken) {
        last = ticket;
        if (newToken) token = newToken;
        post();
      },
      setToken: function (newToken) { token = newToken || null; },
      disconnect: function () {
        global.removeEventListener('message', onMessage);
        iframe.removeEventListener('load', post);
      }
    };
  }

  global.CopilotBridge = { connect: connect };
})(window);
