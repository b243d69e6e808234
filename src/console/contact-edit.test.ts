/**
 * contact.update's PUT body (only the fields the agent changed) and what the agent reads when
 * HelenaCRM refuses it: HelenaCRM's validation answers put under the field they name.
 */
import { describe, expect, it } from 'vitest';
import { HelenaError } from '../api/errors';
import { mapHttpError } from '../api/error-mapping';
import { contactUpdateBody, contactUpdateRefusal } from './contact-edit';

const PUT = { method: 'PUT', path: '/core/v2/contact/7b0a3f5e-1c2d-4e5f-8a9b-0c1d2e3f4a5b' };

/** An HTTP answer as the transport sees it, turned into the HelenaError the client throws. */
function answered(status: number, body: unknown): HelenaError {
  return mapHttpError({ status, body, retryAfterHeader: null, nowMs: 0, token: null }, PUT);
}

/** HelenaCRM's InternalException for a bad field, as the sandbox answers it. */
function invalidField(field: string, text: string) {
  return {
    error: true,
    key: 'validation.invalid_field',
    text: `Invalid field "${field}": ${text}`,
    isUnsolvableError: true,
    details: { field, fields: [{ field, message: text }] },
    httpStatusCode: 'BadRequest',
  };
}

describe('contact.update body', () => {
  it('lists in `fields` only what the agent changed, so phone, tags and the rest stay as HelenaCRM has them', () => {
    expect(contactUpdateBody({ name: 'Gerusa Quintanilha' })).toEqual({ fields: ['Name'], name: 'Gerusa Quintanilha' });
    expect(contactUpdateBody({ email: 'g@empresa.com.br' })).toEqual({ fields: ['Email'], email: 'g@empresa.com.br' });
    expect(contactUpdateBody({ name: 'Gerusa', email: '' })).toEqual({ fields: ['Name', 'Email'], name: 'Gerusa', email: null });
  });
});

describe('contact.update refusals', () => {
  it('puts HelenaCRM’s refusal of the e-mail or the name under that field, in both languages', () => {
    const email = contactUpdateRefusal(answered(400, invalidField('email', 'expected an email address'))).toJSON();
    expect(email).toMatchObject({
      code: 'api.validation',
      field: 'email',
      message: 'O HelenaCRM não aceitou este e-mail. Confira o endereço ou deixe em branco.',
      messageEn: 'HelenaCRM did not accept this e-mail. Check the address or leave it blank.',
      issues: [{ field: 'email', message: 'O HelenaCRM não aceitou este e-mail. Confira o endereço ou deixe em branco.' }],
    });
    // ASP.NET's validation flavour names the property with a capital.
    const aspnet = { type: 'https://tools.ietf.org/html/rfc7231#section-6.5.1', title: 'One or more validation errors occurred.', status: 400, errors: { Name: ['The field Name must be a string with a maximum length of 255.'] } };
    expect(contactUpdateRefusal(answered(400, aspnet)).toJSON()).toMatchObject({ field: 'name', issues: [{ field: 'name' }] });
  });

  it('says what happened for a missing contact, a refusal, the network and HelenaCRM trouble, never that something was queued', () => {
    expect(contactUpdateRefusal(answered(404, { error: true, key: 'contact.not_found', text: 'Contact not found.' }))).toMatchObject({
      code: 'not_found',
      field: 'contactId',
      messageEn: 'This contact no longer exists in HelenaCRM (it was removed there). To reach this number, start a conversation with it (+).',
    });
    expect(contactUpdateRefusal(answered(403, {}))).toMatchObject({ code: 'not_allowed', message: expect.stringContaining('não permite') as unknown });
    const offline = contactUpdateRefusal(new HelenaError({ detail: { kind: 'network', cause: 'refused' }, status: null, key: 'network.refused' }));
    expect(offline).toMatchObject({ code: 'offline', message: expect.stringContaining('Tente de novo quando a conexão voltar') as unknown });
    expect(offline.message).not.toMatch(/fila/);
    const unstable = contactUpdateRefusal(answered(503, {}));
    expect(unstable).toMatchObject({ code: 'api.server', messageEn: 'HelenaCRM is unstable right now: the contact was not changed. Try again in a moment.' });
    // A refusal naming no field of the dialog: HelenaCRM's reason, with its own words, in both languages.
    const other = contactUpdateRefusal(answered(400, invalidField('status', 'required')));
    expect(other.toJSON()).toMatchObject({
      code: 'api.validation',
      field: 'status',
      message: 'O HelenaCRM recusou os dados (status): Invalid field "status": required',
      messageEn: 'HelenaCRM refused the data (status): Invalid field "status": required',
    });
  });
});
