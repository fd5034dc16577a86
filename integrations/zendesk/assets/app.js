/* Copiloto — Zendesk Support app (ticket_sidebar).
 * Reads the open ticket through the ZAF client, loads the copilot panel in a nested
 * iframe and hands it the ticket and the token through the bridge (bridge.js, the
 * same one the copilot serves at /static/bridge.js). "Inserir no helpdesk" in the
 * panel appends the text to the reply editor with ticket.comment.appendText.
 */
(function () {
  'use strict';

  var FIELDS = ['ticket.subject', 'ticket.description', 'ticket.requester.name', 'ticket.requester.email',
    'ticket.assignee.user.name', 'ticket.status', 'ticket.priority', 'ticket.tags', 'ticket.id'];
  var HEIGHT = '640px';

  var client = window.ZAFClient.init();
  var iframe = document.getElementById('copilot-panel');
  var status = document.getElementById('app-status');
  var bridge = null;
  var settings = null;

  function fail(message) {
    status.textContent = message;
    status.className = 'app-status error';
  }

  function toTicket(data, space) {
    var ticket = {
      space: space,
      id: data['ticket.id'] != null ? String(data['ticket.id']) : undefined,
      subject: data['ticket.subject'] || undefined,
      description: data['ticket.description'] || undefined,
      status: data['ticket.status'] || undefined,
      priority: data['ticket.priority'] || undefined,
      channel: 'zendesk',
      requester: { name: data['ticket.requester.name'] || undefined, email: data['ticket.requester.email'] || undefined },
      assignee: { name: data['ticket.assignee.user.name'] || undefined },
      tags: data['ticket.tags'] || []
    };
    return ticket;
  }

  function sendTicket() {
    return client.get(FIELDS).then(function (data) {
      bridge.sendTicket(toTicket(data, settings.copilot_space), settings.copilot_token);
    });
  }

  client.invoke('resize', { width: '100%', height: HEIGHT });
  client.metadata().then(function (metadata) {
    settings = metadata.settings || {};
    var base = String(settings.copilot_url || '').replace(/\/+$/, '');
    if (!/^https?:\/\//.test(base) || !settings.copilot_space) {
      fail('Configure o endereço do copiloto e o espaço nas configurações do app.');
      return null;
    }
    iframe.src = base + '/panel?space=' + encodeURIComponent(settings.copilot_space);
    iframe.hidden = false;
    status.textContent = '';
    bridge = window.CopilotBridge.connect(iframe, {
      onInsert: function (text) { client.invoke('ticket.comment.appendText', text); }
    });
    client.on('ticket.saved', sendTicket);
    return sendTicket();
  }).catch(function () {
    fail('Não foi possível ler o ticket pelo Zendesk; recarregue o app.');
  });
})();
