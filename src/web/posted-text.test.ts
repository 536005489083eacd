import { describe, expect, it } from 'vitest';
import { postedText } from './posted-text.js';

describe('postedText', () => {
  it('gives a text field as typed, spaces included', () => {
    expect(postedText({ password: ' secret ' }, 'password')).toBe(' secret ');
  });

  it('gives an empty text for a missing field or a file posted in its place', () => {
    const file = new File(['bytes'], 'code.txt');
    expect(postedText({}, 'code')).toBe('');
    expect(postedText({ code: file }, 'code')).toBe('');
  });
});
