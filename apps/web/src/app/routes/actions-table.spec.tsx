import { fireEvent, render, screen } from '@testing-library/react';

import { ActionsTable, RowAction } from './actions-table';

const rows = [
  { id: '1', name: 'ci' },
  { id: '2', name: 'old' },
];

describe('ActionsTable and RowAction', () => {
  afterEach(() => jest.restoreAllMocks());

  it('renders a row per item, an unlabelled actions column, and acts only once confirmed', () => {
    const acted: string[] = [];
    const confirm = jest.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValue(true);
    render(
      <ActionsTable
        headings={['Name']}
        rows={rows}
        cells={(row) => <td>{row.name}</td>}
        action={(row) =>
          row.id === '1' ? (
            <RowAction
              label="Revoke"
              subject={row.name}
              confirm={`Revoke ${row.name}?`}
              onAct={() => acted.push(row.id)}
            />
          ) : null
        }
      />,
    );
    expect(screen.getAllByRole('columnheader').map((th) => th.textContent)).toEqual([
      'Name',
      'Actions',
    ]);
    expect(screen.getAllByRole('row')).toHaveLength(3);
    const button = screen.getByRole('button', { name: 'Revoke ci' });
    fireEvent.click(button);
    expect(acted).toEqual([]);
    fireEvent.click(button);
    expect(confirm).toHaveBeenCalledWith('Revoke ci?');
    expect(acted).toEqual(['1']);
  });

  it('acts at once without a question', () => {
    const onAct = jest.fn();
    render(<RowAction label="Revoke" subject="invitation of a@b.c" onAct={onAct} />);
    fireEvent.click(screen.getByRole('button', { name: 'Revoke invitation of a@b.c' }));
    expect(onAct).toHaveBeenCalledTimes(1);
  });
});
