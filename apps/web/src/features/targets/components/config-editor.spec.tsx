import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';

import { CONFIG_TEMPLATE } from '../utils/config-yaml';
import { ConfigEditor, lineOffset } from './config-editor';

function Harness({ initial, onResult }: { initial: string; onResult?: jest.Mock }) {
  const [text, setText] = useState(initial);
  return <ConfigEditor value={text} onChange={setText} onResult={onResult} />;
}

describe('ConfigEditor', () => {
  it('says a valid config is valid', async () => {
    const onResult = jest.fn();
    render(<Harness initial={CONFIG_TEMPLATE} onResult={onResult} />);
    expect(screen.getByText('Checking…')).toBeVisible();
    expect(await screen.findByText('Valid config')).toBeVisible();
    expect(onResult).toHaveBeenLastCalledWith(expect.objectContaining({ ok: true }));
    expect(screen.getByLabelText('Target config (YAML)')).not.toHaveAttribute('aria-invalid');
  });

  it('shows each problem at its line as you type', async () => {
    render(<Harness initial={CONFIG_TEMPLATE} />);
    await screen.findByText('Valid config');
    const editor = screen.getByLabelText('Target config (YAML)');
    // Line 11 is "    method: POST"; make it a method that does not exist.
    fireEvent.change(editor, {
      target: { value: CONFIG_TEMPLATE.replace('method: POST', 'method: SEND') },
    });
    expect(await screen.findByText('1 problem in the config')).toBeVisible();
    const problems = screen.getByRole('list', { name: 'Config problems' });
    expect(within(problems).getByRole('listitem')).toHaveTextContent(
      'Line 11: routes[0].method must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS',
    );
    expect(editor).toHaveAttribute('aria-invalid', 'true');
  });

  it('reports unknown keys and YAML syntax errors with their lines', async () => {
    render(
      <Harness
        initial={
          'version: 1\ntarget:\n  name: x\n  baseUrl: http://127.0.0.1\n  colour: red\nroutes: []\n'
        }
      />,
    );
    const problems = await screen.findByRole('list', { name: 'Config problems' });
    expect(problems).toHaveTextContent('Line 5: target.colour unknown key');
    expect(problems).toHaveTextContent('routes must list at least one route');

    fireEvent.change(screen.getByLabelText('Target config (YAML)'), {
      target: { value: 'version: 1\ntarget: [unclosed\n' },
    });
    expect(await screen.findByText(/not valid YAML or JSON/)).toBeVisible();
  });

  it('moves the cursor to the line of a problem', async () => {
    render(<Harness initial={CONFIG_TEMPLATE.replace('method: POST', 'method: SEND')} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Line 11' }));
    const editor = screen.getByLabelText<HTMLTextAreaElement>('Target config (YAML)');
    expect(editor).toHaveFocus();
    expect(editor.selectionStart).toBe(lineOffset(editor.value, 11));
    expect(editor.value.slice(editor.selectionStart).startsWith('    method: SEND')).toBe(true);
  });

  it('checks again only once typing pauses', async () => {
    const onResult = jest.fn();
    jest.useFakeTimers();
    try {
      render(<Harness initial={CONFIG_TEMPLATE} onResult={onResult} />);
      const editor = screen.getByLabelText('Target config (YAML)');
      for (const suffix of ['#', '#a', '#ab']) {
        fireEvent.change(editor, { target: { value: CONFIG_TEMPLATE + suffix } });
        act(() => jest.advanceTimersByTime(100));
      }
      expect(onResult).not.toHaveBeenCalled();
      await act(async () => {
        jest.advanceTimersByTime(300);
        await Promise.resolve();
      });
    } finally {
      jest.useRealTimers();
    }
    await screen.findByText('Valid config');
    expect(onResult).toHaveBeenCalledTimes(1);
  });
});

describe('lineOffset', () => {
  it('finds where each line starts', () => {
    expect(lineOffset('a\nbc\nd', 1)).toBe(0);
    expect(lineOffset('a\nbc\nd', 2)).toBe(2);
    expect(lineOffset('a\nbc\nd', 3)).toBe(5);
    expect(lineOffset('a\nbc\nd', 9)).toBe(6);
  });
});
