import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/modules.ts';
import { render } from '../../platform/http/render.ts';
import { field, formBody, requireUser } from '../../platform/http/forms.ts';
import { DeadLettersPage } from './events.views.tsx';
import { EventsAdminToken } from './api.ts';

const HANDLER_RE = /^[a-z][a-zA-Z0-9]*(\.[a-zA-Z0-9]+)+$/;

export async function eventsRoutes(app: FastifyInstance, deps: AppDeps) {
  const svc = deps.services.get(EventsAdminToken);

  app.get('/quan-tri/su-kien', async (request, reply) => {
    requireUser(request);
    const data = await svc.overview(request.actor);
    return render(reply, DeadLettersPage({ ctx: request.pageContext(), ...data }));
  });

  app.post('/quan-tri/su-kien/gui-lai', async (request, reply) => {
    requireUser(request);
    const b = formBody(request);
    const eventId = Number(field(b, 'eventId', 20));
    const handler = field(b, 'handler', 200);
    // A stale or tampered form simply finds nothing to resend.
    if (!Number.isSafeInteger(eventId) || eventId <= 0 || !HANDLER_RE.test(handler)) return reply.redirect('/quan-tri/su-kien', 303);
    await svc.requeue(request.actor, eventId, handler);
    return reply.redirect('/quan-tri/su-kien?da=eventRequeued', 303);
  });
}
