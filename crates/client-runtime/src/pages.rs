//! Paging through a list operation: page after page until the last, by
//! offset or by marker, as the overlay documents for each operation.
//!
//! A list ends at an empty page, at a page shorter than the limit asked
//! for, once the offset reaches the total the server reports, or when a
//! marker page names no marker. A server that answers the same page again
//! (the same items, or the same marker) would make a naive loop run
//! forever: that ends the list with [`Error::PageRepeated`].

use std::collections::VecDeque;

use hwbackup_models::runtime::Value;

use super::request::{Call, Decode, NoBody};
use super::{Error, Response};

/// How a list operation pages, by the places of its parameters.
#[derive(Clone, Copy, Debug)]
pub enum PageStyle {
    /// `offset` (the place of the parameter) counts items already seen.
    Offset { offset: usize, limit: Option<usize> },
    /// `marker` is the key of the last item of the previous page.
    Marker { marker: usize, limit: Option<usize> },
}

impl PageStyle {
    fn limit_param(self) -> Option<usize> {
        match self {
            PageStyle::Offset { limit, .. } | PageStyle::Marker { limit, .. } => limit,
        }
    }
}

/// What the generated code tells the pager about one list operation.
pub struct PageShape<R, I> {
    pub style: PageStyle,
    pub decode: Decode<R>,
    /// The page's items.
    pub items: fn(&R) -> &[I],
    /// The total number of items the server reports, if it does.
    pub total: fn(&R) -> Option<i64>,
    /// An item's key, the next page's marker (marker paging only).
    pub key: fn(&I) -> Option<String>,
}

impl<R, I> Clone for PageShape<R, I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R, I> Copy for PageShape<R, I> {}

impl<R, I> std::fmt::Debug for PageShape<R, I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageShape")
            .field("style", &self.style)
            .finish()
    }
}

/// The pages of a list, one call each: `while let Some(page) =
/// pages.next().await { ... }`.
#[derive(Debug)]
#[must_use = "pages are fetched by calling next()"]
pub struct Pages<'a, R, I> {
    call: Call<'a>,
    shape: PageShape<R, I>,
    /// Items seen so far (the next offset).
    seen: usize,
    /// The page size asked for, if the caller set one.
    limit: Option<usize>,
    last_marker: Option<String>,
    /// The previous page, to tell a repeated one.
    last: Option<Last<R, I>>,
    done: bool,
}

/// The previous page: a copy of its items when the page went to the
/// caller, or the page itself when [`Items`] has taken copies of its
/// items already (so each item is copied once, not twice).
#[derive(Debug)]
enum Last<R, I> {
    Items(Vec<I>),
    Page(R),
}

impl<'a, R, I: Clone + PartialEq> Pages<'a, R, I> {
    #[doc(hidden)]
    pub fn new(call: Call<'a>, shape: PageShape<R, I>) -> Self {
        let limit = shape.style.limit_param().and_then(|i| match call.value(i) {
            Some(Value::Integer(n)) => usize::try_from(*n).ok().filter(|n| *n > 0),
            Some(Value::Text(t)) => t.parse().ok().filter(|n: &usize| *n > 0),
            _ => None,
        });
        let seen = match shape.style {
            PageStyle::Offset { offset, .. } => match call.value(offset) {
                Some(Value::Integer(n)) => usize::try_from(*n).unwrap_or(0),
                _ => 0,
            },
            PageStyle::Marker { .. } => 0,
        };
        Self {
            call,
            shape,
            seen,
            limit,
            last_marker: None,
            last: None,
            done: false,
        }
    }

    /// The next page, or `None` after the last one (or after an error).
    pub async fn next(&mut self) -> Option<Result<Response<R>, Error>> {
        let page = self.fetch().await?;
        if let Ok(page) = &page {
            self.last = Some(Last::Items((self.shape.items)(&page.body).to_vec()));
        }
        Some(page)
    }

    /// The next page, checked against the previous one (which the caller
    /// then records in `last`).
    async fn fetch(&mut self) -> Option<Result<Response<R>, Error>> {
        if self.done {
            return None;
        }
        let mut call = self.call.clone();
        match self.shape.style {
            PageStyle::Offset { offset, .. } => call.set(offset, Value::Integer(self.seen as i64)),
            PageStyle::Marker { marker, .. } => {
                if let Some(m) = &self.last_marker {
                    call.set(marker, Value::Text(m.clone()));
                }
            }
        }
        let page = match call.send(None::<NoBody>, false, self.shape.decode).await {
            Ok(page) => page,
            Err(e) => {
                self.done = true;
                return Some(Err(e));
            }
        };
        let items = (self.shape.items)(&page.body);
        if items.is_empty() {
            self.done = true;
            return Some(Ok(page));
        }
        let repeated = match &self.last {
            Some(Last::Items(previous)) => previous.as_slice() == items,
            Some(Last::Page(previous)) => (self.shape.items)(previous) == items,
            None => false,
        };
        if repeated {
            self.done = true;
            return Some(Err(self.repeated()));
        }
        self.seen += items.len();
        let short = self.limit.is_some_and(|l| items.len() < l);
        let total = (self.shape.total)(&page.body);
        let reached = total.is_some_and(|t| self.seen as i64 >= t);
        if let PageStyle::Marker { .. } = self.shape.style {
            let next = items.last().and_then(self.shape.key);
            match next {
                None => self.done = true,
                Some(m) if self.last_marker.as_ref() == Some(&m) => {
                    self.done = true;
                    return Some(Err(self.repeated()));
                }
                Some(m) => self.last_marker = Some(m),
            }
        }
        if short || reached {
            self.done = true;
        }
        Some(Ok(page))
    }

    fn repeated(&self) -> Error {
        Error::PageRepeated {
            operation: self.call.operation().id,
            after_items: self.seen,
        }
    }

    /// Every item of every page, one at a time.
    pub fn items(self) -> Items<'a, R, I> {
        Items {
            pages: self,
            buffer: VecDeque::new(),
        }
    }
}

/// The items of a list across its pages: `while let Some(item) =
/// items.next().await { ... }`, or [`Items::collect`].
#[derive(Debug)]
#[must_use = "items are fetched by calling next() or collect()"]
pub struct Items<'a, R, I> {
    pages: Pages<'a, R, I>,
    buffer: VecDeque<I>,
}

impl<R, I: Clone + PartialEq> Items<'_, R, I> {
    /// The next item, fetching the next page when this one is used up.
    pub async fn next(&mut self) -> Option<Result<I, Error>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Some(Ok(item));
            }
            match self.pages.fetch().await? {
                Ok(page) => {
                    let items = (self.pages.shape.items)(&page.body);
                    self.buffer.extend(items.iter().cloned());
                    self.pages.last = Some(Last::Page(page.body));
                }
                Err(e) => return Some(Err(e)),
            }
        }
    }

    /// Every item, or the first error.
    pub async fn collect(mut self) -> Result<Vec<I>, Error> {
        let mut all = Vec::new();
        while let Some(item) = self.next().await {
            all.push(item?);
        }
        Ok(all)
    }
}
