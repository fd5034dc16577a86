/* Copiloto — Chatwoot dashboard apps: turns the `appContext` Chatwoot posts to the
 * iframe ({conversation, contact, currentAgent}) into the contract's Ticket.
 * panel.js calls CopilotChatwoot.toTicket(data, defaultSpace) for messages from an
 * allowed origin. The space comes from the conversation's custom attribute
 * `copilot_space`, else from the panel URL (?space=…).
 */
(function () {
  'use strict';

  var KINDS = { 0: 'customer', 1: 'agent', 2: 'system', 3: 'agent', incoming: 'customer', outgoing: 'agent', activity: 'system', template: 'agent' };

  function text(value) { return typeof value === 'string' ? value.trim() : ''; }

  function when(seconds) {
    return typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : undefined;
  }

  function toTicket(context, defaultSpace) {
    var ctx = context || {};
    var conversation = ctx.conversation || {};
    var meta = conversation.meta || {};
    var contact = ctx.contact || meta.sender || {};
    var assignee = meta.assignee || ctx.currentAgent || {};
    var attributes = conversation.custom_attributes || {};
    var messages = (conversation.messages || []).filter(function (m) { return m && text(m.content); });
    var first = messages.filter(function (m) { return KINDS[m.message_type] === 'customer'; })[0] || messages[0];
    var extra = conversation.additional_attributes || {};
    var fields = {};
    [contact.custom_attributes || {}, attributes].forEach(function (source) {
      Object.keys(source).forEach(function (name) { if (name !== 'copilot_space') fields[name] = source[name]; });
    });
    return {
      space: text(attributes.copilot_space) || defaultSpace || '',
      id: conversation.id != null ? String(conversation.id) : undefined,
      subject: text(extra.mail_subject) || undefined,
      description: first ? text(first.content) : undefined,
      status: conversation.status || undefined,
      priority: conversation.priority || undefined,
      channel: meta.channel || conversation.channel || undefined,
      requester: { name: contact.name || undefined, email: contact.email || undefined },
      assignee: { name: assignee.name || undefined },
      tags: Array.isArray(conversation.labels) ? conversation.labels.map(String) : [],
      fields: fields,
      comments: messages.filter(function (m) { return m !== first; }).map(function (m) {
        return { author: KINDS[m.message_type] || 'system', public: !m.private, body: text(m.content), created_at: when(m.created_at) };
      }),
      created_at: when(conversation.created_at || conversation.timestamp)
    };
  }

  window.CopilotChatwoot = { toTicket: toTicket };
})();
