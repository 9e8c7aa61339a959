//! Pagination: the list operations, page after page, following `next` until it is null, the page
//! bound is reached, or the server's `next` leads back to a page already read.

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

/// Why a walk through the pages of a list stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PagesEnd {
    /// The last page's `next` was null: the whole list was read.
    Complete,
    /// The page bound was reached while `next` still named another page: more remain.
    Bound,
    /// A request failed; its error was the last item.
    Failed,
    /// The server's `next` named a page that was already fetched, so following it would loop.
    /// The real server does this for Trace lists whose last page is exactly full: its `next`
    /// leads back to the first page, forever. The whole list has most likely been read.
    RepeatedLink(String),
    /// The server answered a page whose objects were all on a page already returned (the first
    /// page again, after a looping `next`); that page is not returned twice.
    RepeatedPage,
    /// The `next` link has no query that names a page, so it cannot be followed as list
    /// parameters; more may remain.
    UnreadableLink(String),
}

/// The bookkeeping of a walk through pages, whoever fetches them: the page bound, the `next`
/// links followed and the objects already returned, and why the walk stopped.
///
/// [`Pages`] uses it; code that fetches pages its own way (the `syncano` command reads them raw)
/// can use it too: call [`PageTrail::start_page`] before each request and
/// [`PageTrail::record`] (or [`PageTrail::failed`]) after it.
#[derive(Debug, Clone)]
pub struct PageTrail {
    pages_left: usize,
    followed: Vec<String>,
    seen: std::collections::HashSet<i64>,
    end: Option<PagesEnd>,
}

impl PageTrail {
    /// A walk of at most `max_pages` pages.
    pub fn new(max_pages: usize) -> Self {
        PageTrail { pages_left: max_pages, followed: Vec::new(), seen: Default::default(), end: None }
    }

    /// Whether another page may be fetched now; it counts against the bound.
    pub fn start_page(&mut self) -> bool {
        if self.end.is_some() {
            return false;
        }
        if self.pages_left == 0 {
            self.end = Some(PagesEnd::Bound);
            return false;
        }
        self.pages_left -= 1;
        true
    }

    /// Takes in a fetched page, by the ids of its objects and its `next` link. Returns whether the
    /// page is new, to be handed on; a page whose objects were all returned before is not, and
    /// ends the walk. Whether `next` may be followed is then [`PageTrail::end`] being `None`.
    pub fn record(&mut self, ids: impl IntoIterator<Item = i64>, next: Option<&str>) -> bool {
        let ids: Vec<i64> = ids.into_iter().collect();
        if !ids.is_empty() && ids.iter().all(|id| self.seen.contains(id)) {
            self.end = Some(PagesEnd::RepeatedPage);
            return false;
        }
        self.seen.extend(ids);
        self.end = match next {
            None => Some(PagesEnd::Complete),
            Some(link) if self.followed.iter().any(|followed| followed == link) => {
                Some(PagesEnd::RepeatedLink(link.to_owned()))
            }
            Some(_) if self.pages_left == 0 => Some(PagesEnd::Bound),
            Some(link) => {
                self.followed.push(link.to_owned());
                None
            }
        };
        true
    }

    /// Records that fetching the page failed, which ends the walk.
    pub fn failed(&mut self) {
        self.end = Some(PagesEnd::Failed);
    }

    /// Why the walk stopped, or `None` while it goes on.
    pub fn end(&self) -> Option<&PagesEnd> {
        self.end.as_ref()
    }
}

/// The pages of a list, fetched one at a time with [`Pages::next`].
///
/// It follows each page's `next` link until the link is null, `max_pages` pages were fetched, a
/// request fails, or the server's `next` leads back to a page already fetched (the real server
/// does so for Trace lists whose last page is exactly full). [`Pages::end`] then says which.
///
/// ```no_run
/// # async fn example(client: syncano_client::Client) -> Result<(), Box<dyn std::error::Error>> {
/// use syncano_client::PagesEnd;
/// let mut pages = client.script_pages("my-instance", syncano_client::ListScriptsParams::default(), 10);
/// while let Some(page) = pages.next().await {
///     for script in page?.objects {
///         println!("{} {}", script.label, script.runtime_name);
///     }
/// }
/// if pages.end() == Some(&PagesEnd::Bound) {
///     eprintln!("there are more Scripts");
/// }
/// # Ok(())
/// # }
/// ```
pub struct Pages<'c, P> {
    client: &'c Client,
    instance: String,
    script_id: Option<i64>,
    params: Option<P>,
    trail: PageTrail,
}

impl Client {
    /// The pages of [`Client::list_scripts`], at most `max_pages` of them.
    pub fn script_pages(
        &self,
        instance: &str,
        params: ListScriptsParams,
        max_pages: usize,
    ) -> Pages<'_, ListScriptsParams> {
        Pages::new(self, instance, None, params, max_pages)
    }

    /// The pages of [`Client::list_traces`] of one Script, at most `max_pages` of them.
    pub fn trace_pages(
        &self,
        instance: &str,
        script_id: i64,
        params: ListTracesParams,
        max_pages: usize,
    ) -> Pages<'_, ListTracesParams> {
        Pages::new(self, instance, Some(script_id), params, max_pages)
    }
}

impl Pages<'_, ListScriptsParams> {
    /// The next page, or `None` once the pages have ended (see [`Pages::end`]).
    pub async fn next(&mut self) -> Option<Result<ScriptPage, Error<ListScriptsError>>> {
        let params = self.take_turn()?;
        let page = self.client.list_scripts(&self.instance).params(params).await;
        self.keep(page, |page| (page.objects.iter().filter_map(|s| s.id).collect(), page.next.as_deref()), |p| p)
    }
}

impl Pages<'_, ListTracesParams> {
    /// The next page, or `None` once the pages have ended (see [`Pages::end`]).
    pub async fn next(&mut self) -> Option<Result<TracePage, Error<ListTracesError>>> {
        let params = self.take_turn()?;
        let script_id = self.script_id.unwrap_or_default();
        let page = self.client.list_traces(&self.instance, script_id).params(params).await;
        self.keep(
            page,
            |page| (page.objects.iter().map(|t| t.id).collect(), page.next.as_deref()),
            // `..Default::default()`, so a parameter the spec adds to either list keeps this compiling.
            |p| ListTracesParams {
                page_size: p.page_size,
                ordering: p.ordering,
                direction: p.direction,
                last_pk: p.last_pk,
                ..Default::default()
            },
        )
    }
}

impl<'c, P> Pages<'c, P> {
    fn new(client: &'c Client, instance: &str, script_id: Option<i64>, params: P, max_pages: usize) -> Self {
        Pages {
            client,
            instance: instance.to_owned(),
            script_id,
            params: Some(params),
            trail: PageTrail::new(max_pages),
        }
    }

    /// Why the pages ended, or `None` while more may come.
    pub fn end(&self) -> Option<&PagesEnd> {
        self.trail.end()
    }

    /// The parameters of the page to fetch now, if any is left.
    fn take_turn(&mut self) -> Option<P> {
        if !self.trail.start_page() {
            return None;
        }
        self.params.take()
    }

    /// Records a fetched page and prepares the next request; `None` when the page repeats one
    /// already returned.
    fn keep<T, E>(
        &mut self,
        page: Result<T, E>,
        links: impl FnOnce(&T) -> (Vec<i64>, Option<&str>),
        params: impl FnOnce(ListScriptsParams) -> P,
    ) -> Option<Result<T, E>> {
        let Ok(fetched) = &page else {
            self.trail.failed();
            return Some(page);
        };
        let (ids, next) = links(fetched);
        if !self.trail.record(ids, next) {
            return None;
        }
        self.params = next_params(next).map(params);
        if let (None, Some(link), None) = (&self.params, next, self.trail.end()) {
            self.trail.end = Some(PagesEnd::UnreadableLink(link.to_owned()));
        }
        Some(page)
    }
}
