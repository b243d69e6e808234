/** The "Etiquetas" field of "Editar contato": filtering, chips by keyboard, and what is sent. */
import { describe, expect, it } from 'vitest';
import { initialChips, tagChanges, tagFieldKey, tagFieldTyped, tagSuggestions, type TagFieldState, type TagOption } from './screens/contact-edit';

const tag = (name: string): TagOption => ({ id: `id-${name}`, name, color: null });
const ALL = ['cliente', 'empresa', 'inadimplente', 'lead', 'orçamento enviado', 'retorno', 'vip'].map(tag);
const start = (chosen: TagOption[] = []): TagFieldState => ({ chosen, query: '', active: -1 });

describe('tag suggestions', () => {
  it("offers the company's tags the contact lacks, starts-with first, accents and case aside", () => {
    expect(tagSuggestions(ALL, [tag('cliente')], '').map((t) => t.name)).not.toContain('cliente');
    expect(tagSuggestions(ALL, [], 'E').map((t) => t.name)).toEqual(['empresa', 'cliente', 'inadimplente', 'lead', 'orçamento enviado', 'retorno']);
    expect(tagSuggestions(ALL, [], 'ORCA').map((t) => t.name)).toEqual(['orçamento enviado']);
    expect(tagSuggestions(ALL, [], 'xyz')).toEqual([]);
  });
});

describe('the tag field by keyboard', () => {
  it('typing highlights the first match, Enter adds it as a chip and clears the input', () => {
    let state = tagFieldTyped(start(), 'vi', ALL);
    expect(state.active).toBe(0);
    const entered = tagFieldKey(state, 'Enter', ALL);
    expect(entered.handled).toBe(true);
    state = entered.state;
    expect(state).toEqual({ chosen: [tag('vip')], query: '', active: -1 });
  });

  it('↑ ↓ move through the list within its ends; Enter on nothing highlighted is left to the form (saves)', () => {
    let state = start();
    expect(tagFieldKey(state, 'Enter', ALL).handled).toBe(false);
    expect(tagFieldKey(state, 'ArrowUp', ALL).handled).toBe(false);
    state = tagFieldKey(state, 'ArrowDown', ALL).state;
    state = tagFieldKey(state, 'ArrowDown', ALL).state;
    expect(state.active).toBe(1);
    state = tagFieldKey(state, 'ArrowUp', ALL).state;
    expect(tagFieldKey(state, 'Enter', ALL).state.chosen).toEqual([tag('cliente')]);
    const last = { ...start(), active: ALL.length - 1 };
    expect(tagFieldKey(last, 'ArrowDown', ALL).state.active).toBe(ALL.length - 1);
    // Nothing matches: no highlight, Enter saves.
    expect(tagFieldKey(tagFieldTyped(start(), 'xyz', ALL), 'Enter', ALL).handled).toBe(false);
  });

  it('Backspace on an empty input removes the last chip; with text it edits the text', () => {
    const two = start([tag('cliente'), tag('vip')]);
    expect(tagFieldKey(two, 'Backspace', ALL)).toEqual({ state: { chosen: [tag('cliente')], query: '', active: -1 }, handled: true });
    expect(tagFieldKey({ ...two, query: 'l' }, 'Backspace', ALL).handled).toBe(false);
    expect(tagFieldKey(start(), 'Backspace', ALL).handled).toBe(false);
  });
});

describe('what the dialog sends', () => {
  it('only the tags added and removed; null when the same', () => {
    expect(tagChanges(['id-cliente'], [tag('cliente')])).toBeNull();
    expect(tagChanges(['id-cliente', 'id-vip'], [tag('vip'), tag('retorno')])).toEqual({ add: ['id-retorno'], remove: ['id-cliente'] });
  });

  it("starts with the contact's tags as chips, named as the company names them", () => {
    expect(initialChips({ tags: ['Cliente', 'antiga'], tagIds: ['id-cliente', 'id-antiga'] }, ALL)).toEqual([tag('cliente'), { id: 'id-antiga', name: 'antiga', color: null }]);
    expect(initialChips(null, ALL)).toEqual([]);
  });
});
