//! A table whose columns sort by a click or Enter on their header.

use std::cmp::Ordering;
use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::Lang;

/// A cell: what to show, and what to sort by.
#[derive(Clone, PartialEq)]
pub struct Cell {
    /// Shown.
    pub html: Html,
    /// Sorted by.
    pub key: SortKey,
    /// Right-aligned figures.
    pub numeric: bool,
}

/// A sort key.
#[derive(Clone, Debug, PartialEq, PartialOrd)]
pub enum SortKey {
    /// A number.
    Num(f64),
    /// Text, compared as is.
    Text(String),
}

impl Cell {
    /// A text cell.
    pub fn text(text: impl Into<String>) -> Cell {
        let text = text.into();
        Cell {
            html: html! { { text.clone() } },
            key: SortKey::Text(text),
            numeric: false,
        }
    }

    /// A figure, shown as `shown`, sorted by `value`.
    pub fn num(value: f64, shown: String) -> Cell {
        Cell {
            html: html! { { shown } },
            key: SortKey::Num(value),
            numeric: true,
        }
    }

    /// Any content, sorted by `key`.
    pub fn html(html: Html, key: SortKey) -> Cell {
        Cell {
            html,
            key,
            numeric: false,
        }
    }

    /// A cell whose content the table's `content` builds when its row is
    /// shown: only what it sorts by, and whether it is a figure.
    pub fn later(key: SortKey, numeric: bool) -> Cell {
        Cell {
            html: Html::default(),
            key,
            numeric,
        }
    }
}

/// Properties of [`SortableTable`].
#[derive(Properties, PartialEq)]
pub struct SortableTableProps {
    /// The caption (also the table's accessible name).
    pub caption: AttrValue,
    /// Column headings.
    pub headers: Vec<String>,
    /// Rows of cells, one per heading.
    pub rows: Rc<Vec<Vec<Cell>>>,
    /// An id for tests.
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// The column sorted first, descending (usually the messages).
    #[prop_or_default]
    pub initial_sort: Option<usize>,
    /// Show this many rows (in the current order) and a button for the
    /// rest; the language labels the button.
    #[prop_or_default]
    pub page: Option<(Lang, usize)>,
    /// Builds the cells' content of row `i` when it is shown, for rows made
    /// of [`Cell::later`]: a table of hundreds of rows shown 25 at a time
    /// builds 25 rows' elements, not all of them.
    #[prop_or_default]
    pub content: Option<Callback<usize, Vec<Html>>>,
}

/// A sortable data table.
#[function_component(SortableTable)]
pub fn sortable_table(props: &SortableTableProps) -> Html {
    let sort = use_state(|| props.initial_sort.map(|c| (c, false)));
    let show_all = use_state(|| false);
    let shown = match props.page {
        Some((_, n)) if !*show_all => n.min(props.rows.len()),
        _ => props.rows.len(),
    };
    let order: Vec<usize> = {
        let mut order: Vec<usize> = (0..props.rows.len()).collect();
        if let Some((column, ascending)) = *sort {
            order.sort_by(|&a, &b| {
                let ka = props.rows[a].get(column).map(|c| &c.key);
                let kb = props.rows[b].get(column).map(|c| &c.key);
                let o = ka.partial_cmp(&kb).unwrap_or(Ordering::Equal);
                if ascending {
                    o
                } else {
                    o.reverse()
                }
            });
        }
        order
    };
    html! {
        <div class="table-scroll">
            <table class="data-table" id={props.id.clone()}>
                <caption>{ props.caption.clone() }</caption>
                <thead>
                    <tr>
                        { for props.headers.iter().enumerate().map(|(i, h)| {
                            let state = *sort;
                            let aria = match state {
                                Some((c, true)) if c == i => "ascending",
                                Some((c, false)) if c == i => "descending",
                                _ => "none",
                            };
                            let onclick = {
                                let sort = sort.clone();
                                Callback::from(move |_: MouseEvent| {
                                    let ascending = matches!(*sort, Some((c, false)) if c == i);
                                    sort.set(Some((i, ascending)));
                                })
                            };
                            let numeric = props.rows.first().and_then(|r| r.get(i)).is_some_and(|c| c.numeric);
                            html! {
                                <th scope="col" aria-sort={aria} class={classes!(numeric.then_some("num"))}>
                                    <button type="button" class="sort" {onclick}>
                                        { h.clone() }
                                        <span aria-hidden="true" class="sort-mark">{ match aria { "ascending" => "▲", "descending" => "▼", _ => "" } }</span>
                                    </button>
                                </th>
                            }
                        }) }
                    </tr>
                </thead>
                <tbody>
                    { for order.iter().take(shown).map(|&r| {
                        let mut built = props.content.as_ref().map(|content| content.emit(r).into_iter());
                        html! {
                            <tr>
                                { for props.rows[r].iter().map(|c| {
                                    let content = built.as_mut().and_then(Iterator::next);
                                    html! {
                                        <td class={classes!(c.numeric.then_some("num"))}>{ content.unwrap_or_else(|| c.html.clone()) }</td>
                                    }
                                }) }
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            if let Some((lang, _)) = props.page.filter(|_| shown < props.rows.len()) {
                <button type="button" class="link show-all" onclick={
                    let show_all = show_all.clone();
                    Callback::from(move |_: MouseEvent| show_all.set(true))
                }>
                    { lang.t_args("dash.show_all_rows", &[
                        ("shown", lang.number(shown as u64).into()),
                        ("total", lang.number(props.rows.len() as u64).into()),
                    ]) }
                </button>
            }
        </div>
    }
}
