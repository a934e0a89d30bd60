package main

import "fmt"

// Problem is one reason the folder is refused, located by file and document.
type Problem struct {
	File string // relative to the checked folder
	Doc  int    // 1-based document in the file; 0 when the problem is about the whole file
	Msg  string
}

func (p Problem) String() string {
	if p.Doc == 0 {
		return fmt.Sprintf("%s: %s", p.File, p.Msg)
	}
	return fmt.Sprintf("%s (document %d): %s", p.File, p.Doc, p.Msg)
}
