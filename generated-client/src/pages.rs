//! Pagination: the list operations, page after page, following `next` until it is null.

use crate::{
    Client, Error, ListOrdering, ListScriptsError, ListScriptsParams, ListTracesError, ListTracesParams, PageDirection,
    ScriptPage, TracePage,
};

/// The query a `next` link carries, as list parameters; `None` when `next` is null or has no query.
/// Unknown keys are ignored. Both lists take the same parameters.
fn next_params(next: Option<&str>) -> Option<ListScriptsParams> {
    let query = next?.split_once('?')?.1;
    let mut params = ListScriptsParams::default();
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "page_size" => params.page_size = value.parse().ok(),
            "ordering" => params.ordering = serde_json::from_value::<ListOrdering>(value.into()).ok(),
            "direction" => params.direction = value.parse().ok().map(PageDirection),
            "last_pk" => params.last_pk = value.parse().ok(),
            _ => {}
        }
    }
    Some(params)
}

/// The pages of a list, fetched one at a time with [`Pages::next`].
///
/// ```no_run
/// # async fn example(client: syncano_client::Client) -> Result<(), Box<dyn std::error::Error>> {
/// let mut pages = client.script_pages("my-instance", syncano_client::ListScriptsParams::default(), 10);
/// while let Some(page) = pages.next().await {
///     for script in page?.objects {
///         println!("{} {}", script.label, script.runtime_name);
///     }
/// }
/// # Ok(())
/// # }
/// ```
pub struct Pages<'c, P> {
    client: &'c Client,
    instance: String,
    script_id: Option<i64>,
    params: Option<P>,
    pages_left: usize,
}

impl Client {
    /// The pages of [`Client::list_scripts`], at most `max_pages` of them.
    pub fn script_pages(
        &self,
        instance: &str,
        params: ListScriptsParams,
        max_pages: usize,
    ) -> Pages<'_, ListScriptsParams> {
        Pages {
            client: self,
            instance: instance.to_owned(),
            script_id: None,
            params: Some(params),
            pages_left: max_pages,
        }
    }

    /// The pages of [`Client::list_traces`] of one Script, at most `max_pages` of them.
    pub fn trace_pages(
        &self,
        instance: &str,
        script_id: i64,
        params: ListTracesParams,
        max_pages: usize,
    ) -> Pages<'_, ListTracesParams> {
        Pages {
            client: self,
            instance: instance.to_owned(),
            script_id: Some(script_id),
            params: Some(params),
            pages_left: max_pages,
        }
    }
}

impl Pages<'_, ListScriptsParams> {
    /// The next page, or `None` after the last one (or the page bound).
    pub async fn next(&mut self) -> Option<Result<ScriptPage, Error<ListScriptsError>>> {
        let params = self.take_turn()?;
        let page = self.client.list_scripts(&self.instance, &params).await;
        if let Ok(page) = &page {
            self.params = next_params(page.next.as_deref());
        }
        Some(page)
    }
}

impl Pages<'_, ListTracesParams> {
    /// The next page, or `None` after the last one (or the page bound).
    pub async fn next(&mut self) -> Option<Result<TracePage, Error<ListTracesError>>> {
        let params = self.take_turn()?;
        let script_id = self.script_id.unwrap_or_default();
        let page = self.client.list_traces(&self.instance, script_id, &params).await;
        if let Ok(page) = &page {
            self.params = next_params(page.next.as_deref()).map(|p| ListTracesParams {
                page_size: p.page_size,
                ordering: p.ordering,
                direction: p.direction,
                last_pk: p.last_pk,
            });
        }
        Some(page)
    }
}

impl<P> Pages<'_, P> {
    /// The parameters of the page to fetch now, if any is left; an error ends the pages too.
    fn take_turn(&mut self) -> Option<P> {
        if self.pages_left == 0 {
            return None;
        }
        self.pages_left -= 1;
        self.params.take()
    }
}
