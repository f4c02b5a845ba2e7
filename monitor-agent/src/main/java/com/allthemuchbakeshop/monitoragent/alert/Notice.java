package com.allthemuchbakeshop.monitoragent.alert;

import com.allthemuchbakeshop.monitoragent.check.Tracker;

/** A change to tell: the check's state and what happened to it. */
public record Notice(Tracker.Change change, Tracker.State state) {
}
