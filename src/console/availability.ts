/**
 * The agent says whether they are available (agent.setAvailability): "Disponível" (AVAILABLE) or
 * "Em pausa" (UNAVAILABLE), through HelenaCRM's PUT /core/v1/agent/{id} with fields
 * ["Availability"]; and what the agent reads when it cannot be done.
 *
 * Not queued: a pause matters only once HelenaCRM knows of it (it stops handing the agent new
 * conversations, and colleagues transferring see it). A pause queued offline would show "Em pausa"
 * on this desk while HelenaCRM still counts the agent in, and would land later at a moment the
 * agent did not choose. Offline it is refused, saying to try again when the connection is back.
 */
import { isHelenaError } from '../api/errors';
import { failureText } from '../api/failure-messages';
import { ConsoleError, refusal, toConsoleError } from './errors';

/** What the agent reads when HelenaCRM did not take the change. */
export function availabilityRefusal(error: unknown): ConsoleError {
  if (!isHelenaError(error)) return toConsoleError(error);
  switch (error.kind) {
    case 'network':
      return refusal('offline', 'agent.availability_offline');
    case 'server':
    case 'rate_limited':
      return refusal(`api.${error.kind}`, 'agent.availability_server_unstable');
    case 'forbidden':
      return refusal('not_allowed', 'agent.availability_forbidden');
    default: {
      const base = toConsoleError(error);
      return new ConsoleError({ ...base.toJSON(), ...(error.reason ? { messageEn: failureText(error.reason, 'en') } : {}) });
    }
  }
}
