package io.beamlink.process;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The local mailboxes by pid number. Numbers are handed out in increasing order and never
 * reused, so the index is an array of pages of consecutive numbers: adding and finding are an
 * array read and write, with no boxed key or hash entry per process, and no rehash as the node
 * grows. A page is dropped once every number on it has been added and removed again.
 */
final class MailboxIndex {
    private static final int PAGE_BITS = 12;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;

    /** Consecutive pid numbers' mailboxes, and how many of them have been removed. */
    private static final class Page {
        final AtomicReferenceArray<Mailbox> slots = new AtomicReferenceArray<>(PAGE_SIZE);
        final AtomicInteger removed = new AtomicInteger();
    }

    /** Grown (copied) under this object's monitor; read without it. */
    private volatile AtomicReferenceArray<Page> pages = new AtomicReferenceArray<>(16);

    /** Adds the mailbox of a number that has never been added before. */
    void add(int number, Mailbox mailbox) {
        pageForAdding(number).slots.set(number & (PAGE_SIZE - 1), mailbox);
    }

    /** The mailbox with this number, or null (never added, or removed). */
    Mailbox get(int number) {
        if (number < 0) {
            return null;
        }
        AtomicReferenceArray<Page> all = pages;
        int index = number >>> PAGE_BITS;
        if (index >= all.length()) {
            return null;
        }
        Page page = all.get(index);
        return page == null ? null : page.slots.get(number & (PAGE_SIZE - 1));
    }

    /** Removes the entry when it still holds {@code mailbox}. */
    void remove(int number, Mailbox mailbox) {
        if (number < 0) {
            return;
        }
        AtomicReferenceArray<Page> all = pages;
        int index = number >>> PAGE_BITS;
        if (index >= all.length()) {
            return;
        }
        Page page = all.get(index);
        if (page != null && page.slots.compareAndSet(number & (PAGE_SIZE - 1), mailbox, null)
                && page.removed.incrementAndGet() == PAGE_SIZE) {
            dropPage(index, page);
        }
    }

    /** Every mailbox in the index now, in pid number order. */
    List<Mailbox> values() {
        List<Mailbox> found = new ArrayList<>();
        AtomicReferenceArray<Page> all = pages;
        for (int i = 0; i < all.length(); i++) {
            Page page = all.get(i);
            if (page != null) {
                for (int j = 0; j < PAGE_SIZE; j++) {
                    Mailbox m = page.slots.get(j);
                    if (m != null) {
                        found.add(m);
                    }
                }
            }
        }
        return found;
    }

    private Page pageForAdding(int number) {
        if (number < 0) {
            throw new IllegalStateException("pid numbers are exhausted");
        }
        int index = number >>> PAGE_BITS;
        AtomicReferenceArray<Page> all = pages;
        Page page = index < all.length() ? all.get(index) : null;
        return page != null ? page : newPage(index);
    }

    private synchronized Page newPage(int index) {
        AtomicReferenceArray<Page> all = pages;
        if (index >= all.length()) {
            int length = all.length();
            while (length <= index) {
                length *= 2;
            }
            AtomicReferenceArray<Page> grown = new AtomicReferenceArray<>(length);
            for (int i = 0; i < all.length(); i++) {
                grown.set(i, all.get(i));
            }
            pages = grown;
            all = grown;
        }
        Page page = all.get(index);
        if (page == null) {
            page = new Page();
            all.set(index, page);
        }
        return page;
    }

    private synchronized void dropPage(int index, Page page) {
        pages.compareAndSet(index, page, null);
    }
}
