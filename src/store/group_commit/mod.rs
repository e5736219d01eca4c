//! Group commit: writes that arrive while a commit is in flight share the next transaction.
//!
//! A durable commit costs one `fsync` (SQLite with `synchronous = FULL`) or one WAL flush
//! (PostgreSQL), a few milliseconds on ordinary disks, however little it writes. With one
//! transaction per write, a store can acknowledge at most that many writes a second, whatever
//! the CPU. [`GroupCommit`] lets concurrent writes share commits instead:
//!
//! - **No waiting for company.** A write that finds no commit in flight becomes a *leader* and
//!   commits at once, alone: a lone write is never delayed to wait for others.
//! - **Batches form from the queue.** Writes that arrive while the transactions in flight are
//!   at their bound (one for SQLite, which has one writer at a time; a few for PostgreSQL,
//!   which commits transactions of several connections in parallel) wait in a FIFO queue. When
//!   a transaction finishes, its lead passes to the first waiter, which takes itself and up to
//!   `max_batch - 1` further waiters, in arrival order, and runs them in one transaction. So
//!   the batch size follows the load: one under light load, up to `max_batch` when many
//!   sign-ins skip at once, and the leader of a batch never runs more than one commit (it
//!   hands the lead on and returns).
//! - **Acknowledged after the commit, each with its own result.** The batch runs its writes in
//!   order in one transaction, so each sees the ones before it (the same user twice in a batch
//!   is counted as two calls in a row would be), and each caller gets its own result only once
//!   the transaction has committed.
//! - **All or nothing.** If any statement or the commit fails, the whole transaction rolls back
//!   and every caller of the batch gets an error: no write is acknowledged that was not
//!   committed. (Callers retry as they would after any store error.)
//! - **Cancellation.** The lead is handed on however the leader's call ends, even when its
//!   future is dropped (a timeout): the queue never stalls. The writes of a dropped leader's
//!   batch get an error (their outcome is unknown, as after any timeout); a waiter whose caller
//!   went away before its batch started is skipped and not written.
//!
//! The batcher knows nothing of SQL: the store gives it the function that commits a batch
//! (`store::sql`'s `write_batch`), and tests give it a failing one.

use std::collections::VecDeque;
use std::fmt;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::oneshot;

use super::StoreError;

/// The batch size the SQL stores use unless told otherwise (see
/// [`SqliteStore::with_group_commit`](crate::store::SqliteStore::with_group_commit)).
pub const DEFAULT_MAX_BATCH: usize = 64;

/// How many transactions a store's group commit ran, and how many writes they carried.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GroupCommitStats {
    /// Transactions committed (or attempted) for batched writes.
    pub transactions: u64,
    /// Writes they carried; `writes / transactions` is the mean batch size.
    pub writes: u64,
}

/// Runs writes in shared transactions (see the module docs).
pub(crate) struct GroupCommit<Op, Out> {
    max_batch: usize,
    max_leaders: usize,
    queue: Mutex<Queue<Op, Out>>,
    transactions: AtomicU64,
    writes: AtomicU64,
}

struct Queue<Op, Out> {
    waiting: VecDeque<Waiter<Op, Out>>,
    /// Callers running a batch; when `max_leaders` are, everyone else waits in `waiting`.
    leaders: usize,
}

struct Waiter<Op, Out> {
    op: Op,
    reply: oneshot::Sender<Reply<Op, Out>>,
}

enum Reply<Op, Out> {
    /// The batch with this write committed (`Ok`) or failed.
    Done(Result<Out, StoreError>),
    /// The previous batch is over: lead the next one, starting with this (your own) write.
    Lead(Op),
}

impl<Op, Out> fmt::Debug for GroupCommit<Op, Out> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GroupCommit")
            .field("max_batch", &self.max_batch)
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}

impl<Op, Out> GroupCommit<Op, Out> {
    /// At most `max_batch` writes per transaction, and at most `max_leaders` transactions in
    /// flight at once (1 for a database with one writer at a time, such as SQLite; a few for
    /// one that commits concurrent transactions in parallel, such as PostgreSQL). A
    /// `max_batch` of 0 or 1 turns batching off: every write commits alone, concurrently with
    /// the others, as without group commit.
    pub(crate) fn new(max_batch: usize, max_leaders: usize) -> Self {
        Self {
            max_batch: max_batch.max(1),
            max_leaders: max_leaders.max(1),
            queue: Mutex::new(Queue {
                waiting: VecDeque::new(),
                leaders: 0,
            }),
            transactions: AtomicU64::new(0),
            writes: AtomicU64::new(0),
        }
    }

    /// The largest batch.
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    pub(crate) fn max_batch(&self) -> usize {
        self.max_batch
    }

    /// The most transactions in flight at once.
    pub(crate) fn max_leaders(&self) -> usize {
        self.max_leaders
    }

    /// Transactions run and writes carried so far.
    pub(crate) fn stats(&self) -> GroupCommitStats {
        GroupCommitStats {
            transactions: self.transactions.load(Ordering::Relaxed),
            writes: self.writes.load(Ordering::Relaxed),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Queue<Op, Out>> {
        // The queue is left consistent at every unlock, so a panic elsewhere cannot poison it.
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes `op` in a transaction shared with the writes queued beside it, and returns its
    /// own result once that transaction has committed. `commit` runs a batch in one
    /// transaction and returns one result per write, in order.
    pub(crate) async fn submit<F, Fut>(&self, op: Op, commit: F) -> Result<Out, StoreError>
    where
        F: FnOnce(Vec<Op>) -> Fut,
        Fut: Future<Output = Result<Vec<Out>, StoreError>>,
    {
        if self.max_batch == 1 {
            return self.run(vec![op], commit).await.pop().unwrap_or_else(|| {
                Err(StoreError::Backend(
                    "a write's transaction returned no result".into(),
                ))
            });
        }
        let waiting = {
            let mut queue = self.lock();
            if queue.leaders >= self.max_leaders {
                let (reply, answer) = oneshot::channel();
                queue.waiting.push_back(Waiter { op, reply });
                Err(answer)
            } else {
                queue.leaders += 1;
                Ok(op)
            }
        };
        let own = match waiting {
            Ok(op) => op,
            Err(answer) => {
                let mut waiting = Waiting {
                    group: self,
                    answer: Some(answer),
                };
                match waiting.answer().await {
                    Some(Reply::Done(result)) => return result,
                    Some(Reply::Lead(op)) => op,
                    None => return Err(abandoned()),
                }
            }
        };
        self.lead(own, commit).await
    }

    /// Runs one batch: `own` and up to `max_batch - 1` waiters, then hands the lead on.
    async fn lead<F, Fut>(&self, own: Op, commit: F) -> Result<Out, StoreError>
    where
        F: FnOnce(Vec<Op>) -> Fut,
        Fut: Future<Output = Result<Vec<Out>, StoreError>>,
    {
        // Hands the lead on when this call ends, however it ends.
        let _hand_off = HandOff(self);
        let mut ops = Vec::with_capacity(self.max_batch.min(16));
        let mut replies = Vec::with_capacity(self.max_batch.min(16));
        ops.push(own);
        {
            let mut queue = self.lock();
            while ops.len() < self.max_batch {
                let Some(waiter) = queue.waiting.pop_front() else {
                    break;
                };
                // Its caller is gone: nobody to acknowledge, so nothing to write.
                if waiter.reply.is_closed() {
                    continue;
                }
                ops.push(waiter.op);
                replies.push(waiter.reply);
            }
        }
        let mut results = self.run(ops, commit).await.into_iter();
        let own = results.next().unwrap_or_else(|| Err(abandoned()));
        for (reply, result) in replies.into_iter().zip(results) {
            // A caller that went away meanwhile simply is not told.
            let _ = reply.send(Reply::Done(result));
        }
        own
    }

    /// Commits `ops` in one transaction: one result per write, every one an error if the
    /// transaction failed.
    async fn run<F, Fut>(&self, ops: Vec<Op>, commit: F) -> Vec<Result<Out, StoreError>>
    where
        F: FnOnce(Vec<Op>) -> Fut,
        Fut: Future<Output = Result<Vec<Out>, StoreError>>,
    {
        let count = ops.len();
        self.transactions.fetch_add(1, Ordering::Relaxed);
        self.writes.fetch_add(count as u64, Ordering::Relaxed);
        match commit(ops).await {
            Ok(results) if results.len() == count => results.into_iter().map(Ok).collect(),
            Ok(results) => {
                let error = StoreError::Backend(
                    format!(
                        "a batch of {count} writes returned {} results",
                        results.len()
                    )
                    .into(),
                );
                fan_out(error, count)
            }
            Err(error) => fan_out(error, count),
        }
    }
}

/// The batch's error for each of its `count` callers: the first (the leader) gets it as it
/// came, the others an equivalent one.
fn fan_out<Out>(error: StoreError, count: usize) -> Vec<Result<Out, StoreError>> {
    let mut errors: Vec<Result<Out, StoreError>> = (1..count)
        .map(|_| Err(shared_error(&error, count)))
        .collect();
    errors.insert(0, Err(error));
    errors
}

/// A copy of a batch's error for another caller of the batch.
fn shared_error(error: &StoreError, count: usize) -> StoreError {
    match error {
        StoreError::Conflict { current } => StoreError::Conflict { current: *current },
        StoreError::Decode(reason) => StoreError::Decode(reason.clone()),
        StoreError::Timeout(after) => StoreError::Timeout(*after),
        StoreError::Backend(source) => StoreError::Backend(
            format!("the transaction this write shared with {count} writes failed: {source}")
                .into(),
        ),
    }
}

fn abandoned() -> StoreError {
    StoreError::Backend(
        "the call committing this write's batch was cancelled; the write may or may not be stored"
            .into(),
    )
}

/// Passes a finished leader's lead to the first waiter whose caller is still there, or gives
/// it up.
fn hand_off<Op, Out>(queue: &mut Queue<Op, Out>) {
    while let Some(waiter) = queue.waiting.pop_front() {
        if waiter.reply.send(Reply::Lead(waiter.op)).is_ok() {
            return;
        }
    }
    queue.leaders = queue.leaders.saturating_sub(1);
}

struct HandOff<'a, Op, Out>(&'a GroupCommit<Op, Out>);

impl<Op, Out> Drop for HandOff<'_, Op, Out> {
    fn drop(&mut self) {
        hand_off(&mut self.0.lock());
    }
}

/// A waiter's side of its reply channel. If the waiter's caller goes away just after the lead
/// was handed to it, the lead is handed on instead of being lost with it.
struct Waiting<'a, Op, Out> {
    group: &'a GroupCommit<Op, Out>,
    answer: Option<oneshot::Receiver<Reply<Op, Out>>>,
}

impl<Op, Out> Waiting<'_, Op, Out> {
    async fn answer(&mut self) -> Option<Reply<Op, Out>> {
        let answer = self.answer.as_mut()?;
        let reply = answer.await.ok();
        self.answer = None;
        reply
    }
}

impl<Op, Out> Drop for Waiting<'_, Op, Out> {
    fn drop(&mut self) {
        let Some(mut answer) = self.answer.take() else {
            return;
        };
        // Under the queue's lock, which `hand_off` holds while it sends: either the lead was
        // sent before `close` (and is found here), or its send fails and goes to the next.
        let mut queue = self.group.lock();
        answer.close();
        if let Ok(Reply::Lead(_own)) = answer.try_recv() {
            hand_off(&mut queue);
        }
    }
}

#[cfg(test)]
mod tests;
