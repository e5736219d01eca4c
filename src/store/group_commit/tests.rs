//! Group commit under load: batches, leaders, hand-offs, and callers that give up.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use super::*;

/// A commit that waits for a permit before each batch, and records every batch.
#[derive(Default)]
struct Disk {
    batches: Mutex<Vec<Vec<u32>>>,
    gate: Option<Arc<Semaphore>>,
    /// Batches holding this write fail.
    poison: Option<u32>,
}

impl Disk {
    async fn commit(&self, ops: Vec<u32>) -> Result<Vec<u32>, StoreError> {
        if let Some(gate) = &self.gate {
            gate.acquire().await.expect("open").forget();
        }
        self.batches.lock().unwrap().push(ops.clone());
        if self.poison.is_some_and(|p| ops.contains(&p)) {
            return Err(StoreError::Backend("disk full".into()));
        }
        Ok(ops.iter().map(|op| op * 10).collect())
    }

    fn batches(&self) -> Vec<Vec<u32>> {
        self.batches.lock().unwrap().clone()
    }
}

fn gated(poison: Option<u32>) -> (Arc<Disk>, Arc<Semaphore>) {
    let gate = Arc::new(Semaphore::new(0));
    let disk = Arc::new(Disk {
        gate: Some(gate.clone()),
        poison,
        ..Disk::default()
    });
    (disk, gate)
}

fn spawn_write(
    group: &Arc<GroupCommit<u32, u32>>,
    disk: &Arc<Disk>,
    op: u32,
) -> tokio::task::JoinHandle<Result<u32, StoreError>> {
    let (group, disk) = (group.clone(), disk.clone());
    tokio::spawn(async move { group.submit(op, |ops| disk.commit(ops)).await })
}

/// Lets spawned tasks run up to their next wait.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(20)).await;
}

#[tokio::test]
async fn a_lone_write_commits_at_once_and_alone() {
    let group = GroupCommit::new(64, 1);
    let disk = Disk::default();
    for op in 1..=3 {
        let result = group.submit(op, |ops| disk.commit(ops)).await;
        assert_eq!(result.unwrap(), op * 10);
    }
    assert_eq!(disk.batches(), vec![vec![1], vec![2], vec![3]]);
    assert_eq!(
        group.stats(),
        GroupCommitStats {
            transactions: 3,
            writes: 3
        }
    );
}

#[tokio::test]
async fn writes_that_queue_during_a_commit_share_the_next_in_arrival_order() {
    let group = Arc::new(GroupCommit::new(64, 1));
    let (disk, gate) = gated(None);
    let first = spawn_write(&group, &disk, 1);
    settle().await;
    let rest: Vec<_> = (2..=6).map(|op| spawn_write(&group, &disk, op)).collect();
    settle().await;
    gate.add_permits(2);
    assert_eq!(first.await.unwrap().unwrap(), 10);
    for (task, op) in rest.into_iter().zip(2..) {
        assert_eq!(task.await.unwrap().unwrap(), op * 10, "each its own result");
    }
    assert_eq!(disk.batches(), vec![vec![1], vec![2, 3, 4, 5, 6]]);
}

#[tokio::test]
async fn batches_are_bounded() {
    let group = Arc::new(GroupCommit::new(4, 1));
    let (disk, gate) = gated(None);
    let mut tasks = vec![spawn_write(&group, &disk, 0)];
    settle().await;
    for op in 1..=9 {
        tasks.push(spawn_write(&group, &disk, op));
        settle().await;
    }
    gate.add_permits(10);
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let sizes: Vec<usize> = disk.batches().iter().map(Vec::len).collect();
    assert_eq!(sizes, [1, 4, 4, 1]);
}

#[tokio::test]
async fn a_failed_commit_fails_every_write_of_its_batch_and_only_those() {
    let group = Arc::new(GroupCommit::new(64, 1));
    let (disk, gate) = gated(Some(3));
    let first = spawn_write(&group, &disk, 1);
    settle().await;
    let batch: Vec<_> = (2..=5).map(|op| spawn_write(&group, &disk, op)).collect();
    settle().await;
    gate.add_permits(1);
    assert_eq!(first.await.unwrap().unwrap(), 10);
    gate.add_permits(1);
    for task in batch {
        let error = task.await.unwrap().unwrap_err();
        assert!(error.to_string().contains("disk full"), "{error}");
    }
    // The next write commits again.
    gate.add_permits(1);
    assert_eq!(spawn_write(&group, &disk, 6).await.unwrap().unwrap(), 60);
    assert_eq!(disk.batches(), vec![vec![1], vec![2, 3, 4, 5], vec![6]]);
}

#[tokio::test]
async fn a_cancelled_leader_hands_the_lead_on() {
    let group = Arc::new(GroupCommit::new(64, 1));
    let (disk, gate) = gated(None);
    let leader = spawn_write(&group, &disk, 1);
    settle().await;
    let waiting = spawn_write(&group, &disk, 2);
    settle().await;
    // The leader's call is dropped mid-commit (a timeout, say).
    leader.abort();
    assert!(leader.await.unwrap_err().is_cancelled());
    gate.add_permits(1);
    assert_eq!(waiting.await.unwrap().unwrap(), 20);
    assert_eq!(disk.batches(), vec![vec![2]]);
}

#[tokio::test]
async fn a_cancelled_waiter_is_skipped_and_the_queue_moves_on() {
    let group = Arc::new(GroupCommit::new(64, 1));
    let (disk, gate) = gated(None);
    let leader = spawn_write(&group, &disk, 1);
    settle().await;
    let gone = spawn_write(&group, &disk, 2);
    settle().await;
    let stays = spawn_write(&group, &disk, 3);
    settle().await;
    gone.abort();
    let _ = gone.await;
    gate.add_permits(2);
    assert_eq!(leader.await.unwrap().unwrap(), 10);
    assert_eq!(stays.await.unwrap().unwrap(), 30);
    assert_eq!(disk.batches(), vec![vec![1], vec![3]]);
}

#[tokio::test]
async fn a_waiter_cancelled_as_the_lead_reaches_it_passes_it_on() {
    let group: GroupCommit<u32, u32> = GroupCommit::new(64, 1);
    // Set the scene by hand: a leader is running, two writes wait.
    group.lock().leaders = 1;
    let (first_reply, first_answer) = oneshot::channel();
    let (second_reply, mut second_answer) = oneshot::channel();
    group.lock().waiting.extend([
        Waiter {
            op: 2,
            reply: first_reply,
        },
        Waiter {
            op: 3,
            reply: second_reply,
        },
    ]);
    let first = Waiting {
        group: &group,
        answer: Some(first_answer),
    };
    // The leader finishes and hands the lead to the first waiter...
    hand_off(&mut group.lock());
    // ...whose caller goes away before it could take it.
    drop(first);
    match second_answer.try_recv() {
        Ok(Reply::Lead(op)) => assert_eq!(op, 3),
        _ => panic!("the lead went nowhere"),
    }
    assert_eq!(group.lock().leaders, 1);
}

#[tokio::test]
async fn several_leaders_commit_side_by_side_and_batch_the_rest() {
    let group = Arc::new(GroupCommit::new(64, 2));
    let (disk, gate) = gated(None);
    let first = spawn_write(&group, &disk, 1);
    let second = spawn_write(&group, &disk, 2);
    settle().await;
    let rest: Vec<_> = (3..=6).map(|op| spawn_write(&group, &disk, op)).collect();
    settle().await;
    assert_eq!(group.lock().leaders, 2);
    // The first leader commits and hands its lead to the first waiter, which takes the
    // other three; then the second leader commits, finds nobody waiting and gives up.
    gate.add_permits(1);
    assert_eq!(first.await.unwrap().unwrap(), 10);
    settle().await;
    gate.add_permits(2);
    assert_eq!(second.await.unwrap().unwrap(), 20);
    for task in rest {
        task.await.unwrap().unwrap();
    }
    let mut batches = disk.batches();
    batches.sort();
    assert_eq!(batches, vec![vec![1], vec![2], vec![3, 4, 5, 6]]);
    assert_eq!(group.lock().leaders, 0);
}

#[tokio::test]
async fn without_batching_every_write_commits_alone() {
    let group = Arc::new(GroupCommit::new(1, 1));
    let disk = Arc::new(Disk::default());
    let tasks: Vec<_> = (1..=8).map(|op| spawn_write(&group, &disk, op)).collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert!(disk.batches().iter().all(|b| b.len() == 1));
    assert_eq!(group.stats().transactions, 8);
}
