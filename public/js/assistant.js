// Assistant page (/tro-ly): progressive enhancement only. Without this file the form posts and the server
// renders the conversation. With it, questions are sent with fetch to /api/v1/assistant/ask and the answer is
// appended in place. All text is inserted with textContent (never innerHTML).
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('assistant-form');
    var log = document.getElementById('assistant-log');
    if (!form || !log || !window.fetch || !window.JSON) return;
    var textarea = form.querySelector('textarea[name="question"]');
    var convInput = form.querySelector('input[name="conversationId"]');
    var csrfInput = form.querySelector('input[name="_csrf"]');
    var button = form.querySelector('button[type="submit"]');
    var busy = false;

    function el(tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text) e.textContent = text;
      return e;
    }

    function answerBlock(text) {
      var box = el('div', 'assistant-answer');
      String(text).split(/\n{2,}/).forEach(function (para) {
        var p = el('p', '', para);
        box.appendChild(p);
      });
      return box;
    }

    function link(href, text, cls) {
      var a = el('a', cls || '', text);
      // only same-site relative links or http(s) links from the API
      if (/^\/(?!\/)/.test(href) || /^https?:\/\//.test(href)) a.setAttribute('href', href);
      return a;
    }

    // "Helpful?": a real form posting to the same endpoint as the page without JavaScript
    function helpfulForm(conversationId, turnId) {
      var f = el('form', 'assistant-feedback');
      f.method = 'post';
      f.action = '/tro-ly/phan-hoi';
      [['_csrf', csrfInput ? csrfInput.value : ''], ['conversationId', conversationId], ['turnId', String(turnId)]].forEach(function (kv) {
        var i = el('input');
        i.type = 'hidden';
        i.name = kv[0];
        i.value = kv[1];
        f.appendChild(i);
      });
      var p = el('p');
      var label = el('span', '', form.getAttribute('data-helpful') || 'Có hữu ích không?');
      label.id = 'helpful-label-' + turnId;
      p.setAttribute('role', 'group');
      p.setAttribute('aria-labelledby', label.id);
      p.appendChild(label);
      p.appendChild(document.createTextNode(' '));
      [['yes', form.getAttribute('data-yes') || 'Có'], ['no', form.getAttribute('data-no') || 'Không']].forEach(function (o) {
        var b = el('button', 'button button-secondary', o[1]);
        b.type = 'submit';
        b.name = 'helpful-' + turnId;
        b.value = o[0];
        p.appendChild(b);
        p.appendChild(document.createTextNode(' '));
      });
      f.appendChild(p);
      return f;
    }

    function render(question, data) {
      var empty = document.getElementById('assistant-empty');
      if (empty) empty.parentNode.removeChild(empty);
      var li = el('li', 'assistant-turn');
      if (data.turnId) li.id = 'turn-' + data.turnId;
      var q = el('div', 'assistant-q');
      q.appendChild(el('strong', '', form.getAttribute('data-you') || 'Bạn hỏi:'));
      q.appendChild(document.createTextNode(' ' + question));
      li.appendChild(q);
      var a = el('div', 'assistant-a panel');
      a.setAttribute('data-action', data.action);
      a.appendChild(answerBlock(data.answer));
      if (data.action === 'clarify' && data.options && data.options.length) {
        var opts = el('div', 'assistant-options');
        data.options.forEach(function (o) {
          var b = el('button', 'button button-secondary', o.label);
          b.type = 'button';
          b.addEventListener('click', function () {
            textarea.value = o.label;
            send();
          });
          opts.appendChild(el('p')).appendChild(b);
        });
        a.appendChild(opts);
      }
      // every citation, as the server renders them: the first as the source, the others after it
      if (data.citations && data.citations.length) {
        var src = el('p');
        src.appendChild(el('strong', '', (form.getAttribute('data-sources') || 'Nguồn') + ': '));
        src.appendChild(link(data.citations[0].url, data.citations[0].title));
        a.appendChild(src);
        if (data.citations.length > 1) {
          var more = el('p');
          more.appendChild(el('span', '', (form.getAttribute('data-more-sources') || 'Nguồn khác') + ': '));
          data.citations.slice(1).forEach(function (c, i) {
            if (i) more.appendChild(document.createTextNode(', '));
            more.appendChild(link(c.url, c.title));
          });
          a.appendChild(more);
        }
      }
      var conv = encodeURIComponent(data.conversationId);
      if (data.action === 'handoff') {
        a.appendChild(el('p')).appendChild(link('/tro-ly/gap-can-bo?c=' + conv, form.getAttribute('data-handover') || 'Gặp cán bộ hỗ trợ', 'button'));
      } else if (data.action === 'answer' && data.citations && data.citations.length && data.turnId) {
        a.appendChild(helpfulForm(data.conversationId, data.turnId));
      }
      li.appendChild(a);
      log.appendChild(li);
      // focus the new answer so screen readers read it and keyboard users continue from it
      a.setAttribute('tabindex', '-1');
      a.focus();
      li.scrollIntoView({ block: 'start' });
    }

    function send() {
      if (busy) return;
      var question = (textarea.value || '').trim();
      if (!question) {
        form.submit(); // the server shows the error summary
        return;
      }
      busy = true;
      if (button) button.disabled = true;
      var headers = { 'content-type': 'application/json', accept: 'application/json' };
      if (csrfInput) headers['x-csrf-token'] = csrfInput.value;
      var body = { question: question };
      if (convInput && convInput.value) body.conversationId = convInput.value;
      fetch('/api/v1/assistant/ask', { method: 'POST', headers: headers, credentials: 'same-origin', body: JSON.stringify(body) })
        .then(function (res) {
          if (!res.ok) throw new Error('HTTP ' + res.status);
          return res.json();
        })
        .then(function (data) {
          render(question, data);
          if (convInput) convInput.value = data.conversationId;
          textarea.value = '';
          if (window.history && history.replaceState) history.replaceState(null, '', '/tro-ly?c=' + encodeURIComponent(data.conversationId));
        })
        .catch(function () {
          // fall back to the plain form post (the server renders errors and the conversation)
          form.submit();
        })
        .then(function () {
          busy = false;
          if (button) button.disabled = false;
        });
    }

    var guideInput = form.querySelector('input[name="guide"]');
    form.addEventListener('submit', function (e) {
      // the first question asked from a guide page carries the guide as context: let the form post it
      if (guideInput && guideInput.value && !(convInput && convInput.value)) return;
      e.preventDefault();
      send();
    });
  });
})();
