//! A view's honest empty state.

use yew::prelude::*;

/// Properties of [`EmptyState`].
#[derive(Properties, PartialEq)]
pub struct EmptyStateProps {
    /// The heading.
    pub title: AttrValue,
    /// What to do next.
    pub body: AttrValue,
    /// Anything the view offers to get started.
    #[prop_or_default]
    pub children: Html,
}

/// A heading, a sentence, and room for a first action.
#[function_component(EmptyState)]
pub fn empty_state(props: &EmptyStateProps) -> Html {
    html! {
        <section class="empty-state">
            <h2>{ props.title.clone() }</h2>
            <p>{ props.body.clone() }</p>
            { props.children.clone() }
        </section>
    }
}
