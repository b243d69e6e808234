// @vitest-environment happy-dom
/**
 * A held text whose edit a try in the background could not make because HelenaCRM refused: the
 * withdrawal of the original ('refused': the original untouched), or showing the original after
 * its withdrawal was asked ('unconfirmed': it may have been deleted). No "Editar" call was waiting
 * to be told, so the line says the edit was not made, truthfully for each, in the agent's
 * language, keeps what they typed and offers it for a new message.
 */
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { MessageView } from '../src/console/results';
import { setLanguage } from './i18n';
import { MessageList } from './screens/MessageList';
import { HELD_FOR_REPLY, messageLine } from './testing/conversation';
import { mountPerTest } from './testing/mount-per-test';

const ORIGINAL = 'Segue o boleto de março.';
const EDITED = 'Segue o boleto de abril.';

function notMade(reason: 'refused' | 'unconfirmed'): MessageView {
  return messageLine({ ...HELD_FOR_REPLY, text: ORIGINAL, abandonedEditText: EDITED, abandonedEditReason: reason });
}

const view = mountPerTest();
const text = (testId: string) => view.host.querySelector(`[data-testid="${testId}"]`)?.textContent ?? null;
const buttons = () => [...view.host.querySelectorAll('button')].map((b) => b.textContent);

const WORDS = {
  refused: {
    'pt-BR':
      'Edição não feita: o HelenaCRM recusou retirar a mensagem original, e ela continua como estava. O texto que você escreveu está abaixo. Para enviá-lo ainda, use “Usar este texto numa nova mensagem”; ele vai para a caixa de mensagem e só sai com o seu Enter.',
    en: 'Edit not made: HelenaCRM refused to withdraw the original message, and it stays as it was. The text you wrote is below. To send it still, use “Use this text in a new message”; it goes into the message box and only goes out with your Enter.',
  },
  unconfirmed: {
    'pt-BR':
      'Edição não feita: depois do pedido para retirar a mensagem original, o HelenaCRM recusou mostrá-la, e não se sabe se ela foi retirada; se foi, o contato não a recebe. O texto que você escreveu está abaixo. Para enviá-lo ainda, use “Usar este texto numa nova mensagem”; ele vai para a caixa de mensagem e só sai com o seu Enter.',
    en: 'Edit not made: after being asked to withdraw the original message, HelenaCRM refused to show it, so it is not known whether it was withdrawn; if it was, the contact does not get it. The text you wrote is below. To send it still, use “Use this text in a new message”; it goes into the message box and only goes out with your Enter.',
  },
} as const;

describe('an edit HelenaCRM refused, found in the background', () => {
  for (const reason of ['refused', 'unconfirmed'] as const) {
    it(`${reason}: says the edit was not made and why, shows the text typed, and offers it for a new message`, async () => {
      await act(async () => setLanguage('pt-BR'));
      await act(async () => view.root.render(<MessageList messages={[notMade(reason)]} onUseText={() => Promise.resolve(true)} />));

      expect(view.host.querySelector('li')?.querySelector('p')?.textContent).toBe(ORIGINAL);
      expect(text('edit-abandoned')).toBe(WORDS[reason]['pt-BR']);
      expect(text('edit-abandoned-text')).toBe(`Texto da edição (não enviado): ${EDITED}`);
      expect(buttons()).toContain('Usar este texto numa nova mensagem');

      await act(async () => setLanguage('en'));
      expect(text('edit-abandoned')).toBe(WORDS[reason].en);
      expect(text('edit-abandoned-text')).toBe(`Text of the edit (not sent): ${EDITED}`);
      expect(buttons()).toContain('Use this text in a new message');
      await act(async () => setLanguage('pt-BR'));
    });
  }
});
